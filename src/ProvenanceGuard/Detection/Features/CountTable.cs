using System.Buffers;
using System.Runtime.CompilerServices;

namespace ProvenanceGuard.Detection.Features;

/// <summary>
/// Open-addressing multiset of 64-bit keys over pooled arrays: counts words, n-grams or windows of one
/// text without allocating. Dispose returns the arrays to the pool.
/// </summary>
internal struct CountTable : IDisposable
{
    private ulong[] _keys;
    private int[] _counts;
    private readonly int _mask;

    public CountTable(int expectedKeys)
    {
        var size = 16;
        while (size < expectedKeys * 2) size <<= 1;
        _keys = ArrayPool<ulong>.Shared.Rent(size);
        _counts = ArrayPool<int>.Shared.Rent(size);
        Array.Clear(_counts, 0, size);
        _mask = size - 1;
        Distinct = 0;
    }

    /// <summary>Keys whose count is above zero.</summary>
    public int Distinct { get; private set; }

    /// <summary>Adds one occurrence; returns the key's new count.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Increment(ulong key)
    {
        var slot = Find(key);
        if (_counts[slot] == 0)
        {
            _keys[slot] = key;
            Distinct++;
        }
        return ++_counts[slot];
    }

    /// <summary>Removes one occurrence of a key that is present; returns the new count. Emptied slots stay claimed by the key.</summary>
    public int Decrement(ulong key)
    {
        var slot = Find(key);
        var count = --_counts[slot];
        if (count == 0)
        {
            _counts[slot] = -1; // tombstone: keeps probe chains intact
            Distinct--;
            return 0;
        }
        return count;
    }

    /// <summary>Sum over keys of f(count), for Yule's K and hapax counts.</summary>
    public readonly (int Hapax, double SumSquares) Spectrum()
    {
        var hapax = 0;
        var squares = 0.0;
        // Branch-free over the slots: empty (0) and emptied (-1) slots add nothing.
        for (var i = 0; i <= _mask; i++)
        {
            var c = Math.Max(_counts[i], 0);
            hapax += c == 1 ? 1 : 0;
            squares += (double)c * c;
        }
        return (hapax, squares);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly int Find(ulong key)
    {
        var slot = (int)((key * 0x9E3779B97F4A7C15UL) >> 40) & _mask;
        while (true)
        {
            var c = _counts[slot];
            if (c == 0) return slot;
            if (_keys[slot] == key)
            {
                if (c < 0) _counts[slot] = 0; // revive a tombstone for the same key
                return slot;
            }
            slot = (slot + 1) & _mask;
        }
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
