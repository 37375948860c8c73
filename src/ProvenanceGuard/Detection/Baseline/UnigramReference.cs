using ProvenanceGuard.Detection.Reference;
using ProvenanceGuard.Detection.Tokenization;

namespace ProvenanceGuard.Detection.Baseline;

/// <summary>Lower-cased word counts of a human reference corpus, looked up by span so scoring allocates nothing.</summary>
public sealed class UnigramReference
{
    private readonly Dictionary<string, int> _counts;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public UnigramReference(Dictionary<string, int> counts, string corpusDigest)
    {
        _counts = counts;
        _lookup = counts.GetAlternateLookup<ReadOnlySpan<char>>();
        Total = counts.Values.Sum(c => (long)c);
        CorpusDigest = corpusDigest;
    }

    public long Total { get; }
    public int Types => _counts.Count;
    public string CorpusDigest { get; }

    public int Count(ReadOnlySpan<char> lowerCaseWord) => _lookup.TryGetValue(lowerCaseWord, out var count) ? count : 0;

    public static UnigramReference FromBrown(BrownCorpus corpus)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        Span<char> lower = stackalloc char[128];
        foreach (var document in corpus.Documents())
        foreach (var sentence in document.Sentences)
        foreach (var token in sentence)
        {
            foreach (var word in WordTokenizer.Tokenize(token))
            {
                if (word.Kind != TokenKind.Word || word.Length > lower.Length) continue;
                var span = word.In(token);
                var n = span.ToLowerInvariant(lower);
                var key = new string(lower[..n]);
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }
        }
        return new UnigramReference(counts, corpus.Digest());
    }
}
