namespace ProvenanceGuard.Detection.Baseline;

/// <summary>
/// Per-word surprisal, looked up case-insensitively straight from a span of the text: an open-addressing table
/// whose hash lower-cases as it goes, so scoring neither copies nor lower-cases words first (the hot path of
/// the baseline detector). Slots and key characters live in two flat arrays, so a lookup touches few cache lines.
/// </summary>
internal sealed class WordSurprisalTable
{
    /// <summary>8 bytes, so the whole table stays in cache; the key's place is kept in a parallel array only read on a hash match.</summary>
    private struct Slot
    {
        public uint Hash; // 0 marks an empty slot (real hashes are forced odd)
        public float Value;
    }

    private readonly Slot[] _slots;
    private readonly (int Offset, int Length)[] _keys;
    private readonly char[] _characters;
    private readonly int _mask;

    /// <param name="surprisalByLowerCaseWord">Keys must already be lower case and not empty.</param>
    /// <param name="unknown">The surprisal of a word not in the table.</param>
    public WordSurprisalTable(IReadOnlyDictionary<string, double> surprisalByLowerCaseWord, double unknown)
    {
        var capacity = 1;
        while (capacity < surprisalByLowerCaseWord.Count * 2) capacity <<= 1;
        _slots = new Slot[capacity];
        _keys = new (int, int)[capacity];
        _mask = capacity - 1;
        _characters = new char[surprisalByLowerCaseWord.Keys.Sum(k => k.Length)];
        Unknown = (float)unknown;
        var offset = 0;
        foreach (var (word, surprisal) in surprisalByLowerCaseWord.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var hash = Hash(word);
            var index = (int)(hash & (uint)_mask);
            while (_slots[index].Hash != 0) index = (index + 1) & _mask;
            word.CopyTo(_characters.AsSpan(offset));
            _slots[index] = new Slot { Hash = hash, Value = (float)surprisal };
            _keys[index] = (offset, word.Length);
            offset += word.Length;
        }
    }

    public float Unknown { get; }

    public float Lookup(ReadOnlySpan<char> word)
    {
        var hash = Hash(word);
        var index = (int)(hash & (uint)_mask);
        while (true)
        {
            var slot = _slots[index];
            if (slot.Hash == 0) return Unknown;
            if (slot.Hash == hash)
            {
                var (offset, length) = _keys[index];
                if (length == word.Length && EqualsLowerCased(_characters.AsSpan(offset, length), word)) return slot.Value;
            }
            index = (index + 1) & _mask;
        }
    }

    private static uint Hash(ReadOnlySpan<char> word)
    {
        var hash = 2166136261u;
        foreach (var c in word) hash = (hash ^ Lower(c)) * 16777619u;
        return (hash ^ (hash >> 15)) | 1;
    }

    private static bool EqualsLowerCased(ReadOnlySpan<char> key, ReadOnlySpan<char> word)
    {
        for (var i = 0; i < word.Length; i++)
            if (key[i] != Lower(word[i])) return false;
        return true;
    }

    private static char Lower(char c) => c < 128 ? (uint)(c - 'A') <= 'Z' - 'A' ? (char)(c | 0x20) : c : char.ToLowerInvariant(c);
}
