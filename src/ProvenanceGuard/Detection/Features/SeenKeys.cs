using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace ProvenanceGuard.Detection.Features;

/// <summary>
/// Set of non-zero 64-bit keys over one pooled array that only answers "seen before?": the character pass asks
/// it once per character, so key and occupancy share one slot (one cache line per probe, where a count table
/// reads a key array and a count array). Dispose returns the array to the pool.
/// </summary>
internal struct SeenKeys : IDisposable
{
    private ulong[] _keys;
    private readonly int _mask;
    private readonly int _shift;

    public SeenKeys(int expectedKeys)
    {
        // At most a quarter full: a fuller table's longer probe runs cost more in mispredicted branches than
        // the larger table costs in cache (a 900-character text's table is 32 KB).
        var size = 16;
        while (size < expectedKeys * 4) size <<= 1;
        _keys = ArrayPool<ulong>.Shared.Rent(size);
        Array.Clear(_keys, 0, size);
        _mask = size - 1;
        _shift = 64 - BitOperations.Log2((uint)size);
    }

    /// <summary>Adds <paramref name="key"/> (never 0: 0 marks an empty slot); true when it was already there.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Add(ulong key)
    {
        var keys = _keys;
        var s = (int)((key * 0x9E3779B97F4A7C15UL) >> _shift);
        ulong found;
        // One exit test per probe: whether a key is new is close to a coin toss, which a branch of its own would mispredict.
        while (((found = keys[s]) != key) & (found != 0)) s = (s + 1) & _mask;
        keys[s] = key;
        return found == key;
    }

    public void Dispose()
    {
        if (_keys is null) return;
        ArrayPool<ulong>.Shared.Return(_keys);
        _keys = null!;
    }
}
