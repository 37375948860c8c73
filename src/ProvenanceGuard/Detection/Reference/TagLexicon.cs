using System.Collections.Frozen;
using ProvenanceGuard.Detection.Tokenization;

namespace ProvenanceGuard.Detection.Reference;

/// <summary>
/// Word -> most frequent Brown part-of-speech tag (tags simplified: title/headline/citation markers and
/// the foreign-word prefix dropped), with suffix rules for words the corpus never saw. Lets the detector
/// look at syntax with the topic masked out.
/// </summary>
public sealed class TagLexicon
{
    private readonly FrozenDictionary<ulong, int> _tagOf;
    private readonly int[] _guess;

    private TagLexicon(FrozenDictionary<ulong, int> tagOf, IReadOnlyList<string> names)
    {
        _tagOf = tagOf;
        Names = names;
        var index = names.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i);
        int Id(string name) => index.TryGetValue(name, out var id) ? id : -1;
        _guess = [Id("nn"), Id("nns"), Id("np"), Id("vbg"), Id("vbd"), Id("rb"), Id("jj")];
    }

    public IReadOnlyList<string> Names { get; }
    public int Count => Names.Count;

    public bool TryGetTag(ulong wordHash, out int tag) => _tagOf.TryGetValue(wordHash, out tag);

    /// <summary>Tag id of a word token; unseen words are guessed from capitalisation and suffix (-1 when no tags are known at all).</summary>
    public int TagOf(ulong wordHash, ReadOnlySpan<char> word)
    {
        return _tagOf.TryGetValue(wordHash, out var tag) ? tag : Guess(word);
    }

    /// <summary>Guesses a tag for a word the corpus never tagged, from capitalisation and suffix.</summary>
    public int Guess(ReadOnlySpan<char> word)
    {
        if (word.Length == 0) return _guess[0];
        if (char.IsUpper(word[0])) return _guess[2];
        if (word.EndsWith("ing", StringComparison.OrdinalIgnoreCase)) return _guess[3];
        if (word.EndsWith("ed", StringComparison.OrdinalIgnoreCase)) return _guess[4];
        if (word.EndsWith("ly", StringComparison.OrdinalIgnoreCase)) return _guess[5];
        if (word.EndsWith("ous", StringComparison.OrdinalIgnoreCase) || word.EndsWith("ive", StringComparison.OrdinalIgnoreCase)
            || word.EndsWith("al", StringComparison.OrdinalIgnoreCase) || word.EndsWith("ful", StringComparison.OrdinalIgnoreCase)) return _guess[6];
        if (word.EndsWith("s", StringComparison.OrdinalIgnoreCase)) return _guess[1];
        return _guess[0];
    }

    /// <summary>Counts (word, tag) pairs while the corpus is read.</summary>
    public sealed class Builder
    {
        private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
        private readonly Dictionary<(ulong Word, int Tag), int> _counts = new();

        public void Add(string word, string rawTag)
        {
            var tag = Simplify(rawTag);
            if (tag.Length == 0) return;
            if (!_ids.TryGetValue(tag, out var id)) _ids[tag] = id = _ids.Count;
            var key = (TokenHasher.Hash(word), id);
            _counts[key] = _counts.GetValueOrDefault(key) + 1;
        }

        public TagLexicon Build()
        {
            var best = new Dictionary<ulong, (int Tag, int Count)>();
            foreach (var ((word, tag), count) in _counts.OrderBy(p => p.Key.Word).ThenBy(p => p.Key.Tag))
                if (!best.TryGetValue(word, out var current) || count > current.Count) best[word] = (tag, count);
            var names = _ids.OrderBy(p => p.Value).Select(p => p.Key).ToArray();
            return new TagLexicon(best.ToFrozenDictionary(p => p.Key, p => p.Value.Tag), names);
        }

        private static string Simplify(string tag)
        {
            if (tag.StartsWith("fw-", StringComparison.Ordinal)) tag = tag[3..];
            foreach (var suffix in (string[])["-tl", "-hl", "-nc", "-tl", "-hl"])
                if (tag.EndsWith(suffix, StringComparison.Ordinal)) tag = tag[..^suffix.Length];
            return tag;
        }
    }
}
