using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ProvenanceGuard.Detection.Baseline;

/// <summary>
/// Per-word surprisal, looked up case-insensitively straight from a span of the text (the hot path of the baseline
/// detector). A word is identified by a 64-bit hash of its lower-cased characters, and hash and value share one
/// 12-byte slot, so a lookup touches one cache line: the table of Brown's ~50k words fits in 768 KB, within a core's
/// L2. Before, a slot held a 32-bit hash and the key was checked in two more arrays, three cache misses for a rare word.
/// Two distinct words sharing a 64-bit hash would be refused at construction; an unknown word that happens to share a
/// known word's hash (odds about 1 in 10^14 per word for Brown) would be scored as that word.
/// </summary>
internal sealed class WordSurprisalTable
{
    [StructLayout(LayoutKind.Sequential, Pack = 4)]
    private readonly record struct Slot(ulong Key, float Value);

    private const ulong FnvOffset = 14695981039346656037UL, FnvPrime = 1099511628211UL;

    private readonly Slot[] _slots;
    private readonly int _shift;

    /// <param name="surprisalByLowerCaseWord">Keys must already be lower case and not empty.</param>
    /// <param name="unknown">The surprisal of a word not in the table.</param>
    public WordSurprisalTable(IReadOnlyDictionary<string, double> surprisalByLowerCaseWord, double unknown)
    {
        var size = 16;
        while (size * 0.8 < surprisalByLowerCaseWord.Count) size <<= 1;
        _slots = new Slot[size];
        _shift = 64 - System.Numerics.BitOperations.Log2((uint)size);
        Unknown = (float)unknown;
        var mask = size - 1;
        // Common words (low surprisal) go in first, so they sit in their home slot and are found at the first probe.
        foreach (var (word, surprisal) in surprisalByLowerCaseWord.OrderBy(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var key = Hash(word);
            var index = Home(key);
            while (_slots[index].Key != 0)
            {
                if (_slots[index].Key == key) throw new ArgumentException($"'{word}' shares its 64-bit hash with another word", nameof(surprisalByLowerCaseWord));
                index = (index + 1) & mask;
            }
            _slots[index] = new Slot(key, (float)surprisal);
        }
    }

    public float Unknown { get; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Lookup(ReadOnlySpan<char> word)
    {
        var key = Hash(word);
        var slots = _slots;
        var mask = slots.Length - 1;
        var index = Home(key);
        while (true)
        {
            ref readonly var slot = ref slots[index];
            if (slot.Key == key) return slot.Value;
            if (slot.Key == 0) return Unknown;
            index = (index + 1) & mask;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Home(ulong key) => (int)((key * 0x9E3779B97F4A7C15UL) >> _shift);

    /// <summary>FNV-1a over the lower-cased characters; never 0, which marks an empty slot.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Hash(ReadOnlySpan<char> word)
    {
        var hash = FnvOffset;
        foreach (var c in word)
        {
            var lower = (uint)(c - 'A') <= 'Z' - 'A' ? (char)(c | 0x20) : c < 128 ? c : char.ToLowerInvariant(c);
            hash = (hash ^ lower) * FnvPrime;
        }
        return hash | 1;
    }
}
