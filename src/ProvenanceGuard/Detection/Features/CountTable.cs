using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace ProvenanceGuard.Detection.Features;

/// <summary>
/// Open-addressing multiset of 64-bit keys over pooled arrays: counts words, n-grams or windows of one
/// text without allocating. Each key keeps its slot for the table's life, so a slot index can stand for the
/// key in a caller's own array. Dispose returns the arrays to the pool.
/// </summary>
internal struct CountTable : IDisposable
{
    private ulong[] _keys;
    private int[] _counts;
    private readonly int _mask;
    private readonly int _shift;

    public CountTable(int expectedKeys)
    {
        var size = 16;
        while (size < expectedKeys * 2) size <<= 1;
        _keys = ArrayPool<ulong>.Shared.Rent(size);
        _counts = ArrayPool<int>.Shared.Rent(size);
        Array.Clear(_counts, 0, size);
        _mask = size - 1;
        _shift = 64 - BitOperations.Log2((uint)size);
        Distinct = 0;
    }

    /// <summary>Keys counted at least once.</summary>
    public int Distinct { get; private set; }

    /// <summary>Slot indices run from 0 to Capacity - 1.</summary>
    public readonly int Capacity => _mask + 1;

    /// <summary>Adds one occurrence; returns the key's new count.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Increment(ulong key) => Increment(key, out _);

    /// <summary>Adds one occurrence; returns the key's new count and the slot that holds the key.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Increment(ulong key, out int slot)
    {
        var counts = _counts;
        var keys = _keys;
        var s = (int)((key * 0x9E3779B97F4A7C15UL) >> _shift);
        // One exit test per probe (the key, or a never-used slot; keys of never-used slots are stale pool contents
        // and harmless): whether a key is new is close to a coin toss, which a branch of its own would mispredict.
        while ((counts[s] != 0) & (keys[s] != key)) s = (s + 1) & _mask;
        var count = counts[s];
        keys[s] = key;
        Distinct += count == 0 ? 1 : 0;
        counts[s] = ++count;
        slot = s;
        return count;
    }

    /// <summary>Hapax count and sum of squared counts, for Yule's K.</summary>
    public readonly (int Hapax, double SumSquares) Spectrum()
    {
        var hapax = 0;
        var squares = 0.0;
        // Branch-free over the slots: empty slots (count 0) add nothing.
        for (var i = 0; i <= _mask; i++)
        {
            var c = _counts[i];
            hapax += c == 1 ? 1 : 0;
            squares += (double)c * c;
        }
        return (hapax, squares);
    }

    public void Dispose()
    {
        if (_keys is null) return;
        ArrayPool<ulong>.Shared.Return(_keys);
        ArrayPool<int>.Shared.Return(_counts);
        _keys = null!;
        _counts = null!;
    }
}
