using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ProvenanceGuard.Detection.Reference;

/// <summary>
/// A read-mostly hash table of n-grams whose 64-bit slots hold the key above and a small value below. Slots come in
/// buckets of eight that each fill one 64-byte cache line, so a lookup reads one line and compares all eight keys at
/// once: whether the n-gram is stored (a coin toss for the trigrams of a text) decides no branch, and a bucket
/// overflows into the next one only when more than eight keys share it (a few per cent of buckets at the load built).
/// </summary>
internal sealed class PackedNgramTable
{
    private const int BucketSlots = 8;
    private const int LineBytes = BucketSlots * sizeof(ulong);

    private readonly ulong[] _storage; // pinned, so the aligned first bucket stays aligned
    private readonly int _firstSlot;
    private readonly int _bucketShift;
    private readonly int _bucketMask;
    private readonly int _valueBits;
    private readonly ulong _valueMask;
    private int _count;

    /// <param name="entries">How many n-grams will be inserted; the table keeps its buckets at most half full on average.</param>
    /// <param name="valueBits">Low bits of each slot that hold the value; the key takes the rest and must not be 0.</param>
    public PackedNgramTable(int entries, int valueBits)
    {
        var buckets = 2;
        while (buckets * BucketSlots < 2L * entries) buckets <<= 1;
        _storage = HugePages.Allocate<ulong>(buckets * BucketSlots + BucketSlots);
        _firstSlot = (int)((LineBytes - (long)AddressOf(ref _storage[0]) % LineBytes) % LineBytes / sizeof(ulong));
        _bucketShift = 64 - BitOperations.Log2((uint)buckets);
        _bucketMask = buckets - 1;
        _valueBits = valueBits;
        _valueMask = (1UL << valueBits) - 1;
    }

    /// <summary>Stores key and value unless the key is already stored (then the first value stands).</summary>
    public void Insert(ulong key, ulong value)
    {
        // A lookup of an absent key stops at a bucket with room, so one slot stays empty.
        if (_count == (_bucketMask + 1) * BucketSlots - 1) throw new InvalidOperationException("The n-gram table is full.");
        for (var bucket = Home(key); ; bucket = (bucket + 1) & _bucketMask)
        {
            ref var first = ref Bucket(bucket);
            for (var s = 0; s < BucketSlots; s++)
            {
                ref var slot = ref Unsafe.Add(ref first, s);
                if (slot == 0)
                {
                    slot = key << _valueBits | (value & _valueMask);
                    _count++;
                    return;
                }
                if (slot >> _valueBits == key) return;
            }
        }
    }

    /// <summary>The key's value, or false and 0 when the key is not stored.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryFind(ulong key, out ulong value)
    {
        var wanted = Vector256.Create(key);
        for (var bucket = Home(key); ; bucket = (bucket + 1) & _bucketMask)
        {
            ref var first = ref Bucket(bucket);
            var low = Vector256.ShiftRightLogical(Vector256.LoadUnsafe(ref first), _valueBits);
            var high = Vector256.ShiftRightLogical(Vector256.LoadUnsafe(ref first, 4), _valueBits);
            var matches = Vector256.Equals(low, wanted).ExtractMostSignificantBits()
                | Vector256.Equals(high, wanted).ExtractMostSignificantBits() << 4;
            var found = matches != 0;
            // Slots fill in order, so a bucket with its last slot empty holds every key that belongs to it.
            if (found | Unsafe.Add(ref first, BucketSlots - 1) == 0)
            {
                var slot = Unsafe.Add(ref first, BitOperations.TrailingZeroCount(matches | 1u << BucketSlots) & (BucketSlots - 1));
                value = found ? slot & _valueMask : 0;
                return found;
            }
        }
    }

    /// <summary>Asks the processor to bring the key's bucket into cache; a hint only, never a read.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public unsafe void Prefetch(ulong key)
    {
        if (Sse.IsSupported) Sse.Prefetch0(Unsafe.AsPointer(ref Bucket(Home(key))));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Home(ulong key) => (int)((key * 0x9E3779B97F4A7C15UL) >> _bucketShift);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref ulong Bucket(int bucket) =>
        ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_storage), _firstSlot + bucket * BucketSlots);

    private static unsafe nuint AddressOf(ref ulong slot) => (nuint)Unsafe.AsPointer(ref slot);
}
