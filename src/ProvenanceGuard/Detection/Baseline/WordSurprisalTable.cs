namespace ProvenanceGuard.Detection.Baseline;

/// <summary>
/// Per-word surprisal, looked up case-insensitively straight from a span of the text: an open-addressing table
/// whose hash lower-cases as it goes, so scoring neither copies nor lower-cases words first (the hot path of
/// the baseline detector).
/// </summary>
internal sealed class WordSurprisalTable
{
    private readonly string?[] _keys;
    private readonly float[] _values;
    private readonly int _mask;

    /// <param name="surprisalByLowerCaseWord">Keys must already be lower case.</param>
    /// <param name="unknown">The surprisal of a word not in the table.</param>
    public WordSurprisalTable(IReadOnlyDictionary<string, double> surprisalByLowerCaseWord, double unknown)
    {
        var capacity = 1;
        while (capacity < surprisalByLowerCaseWord.Count * 2) capacity <<= 1;
        _keys = new string?[capacity];
        _values = new float[capacity];
        _mask = capacity - 1;
        Unknown = (float)unknown;
        foreach (var (word, surprisal) in surprisalByLowerCaseWord)
        {
            var slot = (int)(Hash(word) & (uint)_mask);
            while (_keys[slot] is not null) slot = (slot + 1) & _mask;
            _keys[slot] = word;
            _values[slot] = (float)surprisal;
        }
    }

    public float Unknown { get; }

    public float Lookup(ReadOnlySpan<char> word)
    {
        var slot = (int)(Hash(word) & (uint)_mask);
        while (true)
        {
            var key = _keys[slot];
            if (key is null) return Unknown;
            if (EqualsLowerCased(key, word)) return _values[slot];
            slot = (slot + 1) & _mask;
        }
    }

    private static uint Hash(ReadOnlySpan<char> word)
    {
        var hash = 2166136261u;
        foreach (var c in word) hash = (hash ^ Lower(c)) * 16777619u;
        return hash ^ (hash >> 15);
    }

    private static bool EqualsLowerCased(string key, ReadOnlySpan<char> word)
    {
        if (key.Length != word.Length) return false;
        for (var i = 0; i < word.Length; i++)
            if (key[i] != Lower(word[i])) return false;
        return true;
    }

    private static char Lower(char c) => c < 128 ? (uint)(c - 'A') <= 'Z' - 'A' ? (char)(c | 0x20) : c : char.ToLowerInvariant(c);
}
