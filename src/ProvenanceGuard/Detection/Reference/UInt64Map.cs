using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace ProvenanceGuard.Detection.Reference;

/// <summary>
/// Read-only open-addressing map from 64-bit ids to small values, built once. Key and value sit side by
/// side in one slot, so a lookup in the 600k-entry bigram table usually costs one cache miss instead of
/// the two or three of a general dictionary: that lookup is on every scored token.
/// </summary>
internal sealed class UInt64Map<TValue> where TValue : unmanaged
{
    private readonly Slot[] _slots;
    private readonly int _shift;
    private readonly bool _hasZeroKey;
    private readonly TValue _zeroValue;

    public UInt64Map(IReadOnlyCollection<KeyValuePair<ulong, TValue>> entries)
    {
        var size = 16;
        while (size * 0.7 < entries.Count) size <<= 1;
        _slots = HugePages.Allocate<Slot>(size);
        _shift = 64 - System.Numerics.BitOperations.Log2((uint)size);
        var mask = size - 1;
        foreach (var (key, value) in entries)
        {
            // Key 0 marks an empty slot, so a real key 0 is kept aside.
            if (key == 0)
            {
                _hasZeroKey = true;
                _zeroValue = value;
                continue;
            }
            var i = Home(key);
            while (_slots[i].Key != 0)
            {
                if (_slots[i].Key == key) throw new ArgumentException($"Duplicate key {key:x16}.", nameof(entries));
                i = (i + 1) & mask;
            }
            _slots[i] = new Slot(key, value);
        }
        Count = entries.Count;
    }

    public int Count { get; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryGetValue(ulong key, out TValue value)
    {
        if (key == 0)
        {
            value = _zeroValue;
            return _hasZeroKey;
        }
        var slots = _slots;
        var mask = slots.Length - 1;
        var i = Home(key);
        while (true)
        {
            ref readonly var slot = ref slots[i];
            if (slot.Key == key)
            {
                value = slot.Value;
                return true;
            }
            if (slot.Key == 0)
            {
                value = default;
                return false;
            }
            i = (i + 1) & mask;
        }
    }

    /// <summary>
    /// The key's value, or the default value when the key is absent. The probe stops at the key or at an empty slot
    /// (whose value is the default) with one test, so a lookup that misses as often as it hits costs no mispredicted branch.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TValue GetValueOrDefault(ulong key)
    {
        if (key == 0) return _hasZeroKey ? _zeroValue : default;
        var slots = _slots;
        var mask = slots.Length - 1;
        var i = Home(key);
        while (true)
        {
            var found = slots[i].Key;
            if ((found == key) | (found == 0)) return slots[i].Value;
            i = (i + 1) & mask;
        }
    }

    /// <summary>Asks the processor to bring the key's home slot into cache; a hint only, never a read.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public unsafe void Prefetch(ulong key)
    {
        if (Sse.IsSupported) Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_slots), Home(key))));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Home(ulong key) => (int)((key * 0x9E3779B97F4A7C15UL) >> _shift);

    private readonly record struct Slot(ulong Key, TValue Value);
}
