namespace ProvenanceGuard.Generation;

/// <summary>
/// A word trigram language model with backoff to bigrams and unigrams, trained from token sentences by counting.
/// It is the project's own text generator: the demo's machine text and the simulator's text model.
/// Immutable once built; sampling state lives in <see cref="WordNGramSampler"/>.
/// </summary>
public sealed class WordNGramModel
{
    /// <summary>Token id 0 marks sentence start and end.</summary>
    public const int Boundary = 0;

    private readonly string[] _vocabulary;
    private readonly Dictionary<long, Continuations> _trigrams;
    private readonly Dictionary<int, Continuations> _bigrams;
    private readonly Continuations _unigrams;

    private WordNGramModel(string[] vocabulary, Dictionary<long, Continuations> trigrams, Dictionary<int, Continuations> bigrams, Continuations unigrams)
    {
        _vocabulary = vocabulary;
        _trigrams = trigrams;
        _bigrams = bigrams;
        _unigrams = unigrams;
    }

    public int VocabularySize => _vocabulary.Length - 1;
    public string Word(int id) => _vocabulary[id];

    /// <summary>Counts trigrams, bigrams and unigrams over the sentences (each padded with boundaries).</summary>
    public static WordNGramModel Train(IEnumerable<IReadOnlyList<string>> sentences)
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal) { ["<s>"] = Boundary };
        var vocabulary = new List<string> { "<s>" };
        var trigramCounts = new Dictionary<(long Context, int Next), int>();
        var bigramCounts = new Dictionary<(int Context, int Next), int>();
        var unigramCounts = new Dictionary<int, int>();
        foreach (var sentence in sentences)
        {
            if (sentence.Count == 0) continue;
            int w1 = Boundary, w2 = Boundary;
            for (var i = 0; i <= sentence.Count; i++)
            {
                int next;
                if (i == sentence.Count) next = Boundary;
                else if (!ids.TryGetValue(sentence[i], out next))
                {
                    next = vocabulary.Count;
                    ids[sentence[i]] = next;
                    vocabulary.Add(sentence[i]);
                }
                Increment(trigramCounts, (Pack(w1, w2), next));
                Increment(bigramCounts, (w2, next));
                Increment(unigramCounts, next);
                (w1, w2) = (w2, next);
            }
        }
        return new WordNGramModel(vocabulary.ToArray(),
            Group(trigramCounts.Select(kv => (kv.Key.Context, kv.Key.Next, kv.Value))),
            Group(bigramCounts.Select(kv => (kv.Key.Context, kv.Key.Next, kv.Value))),
            Continuations.From(unigramCounts.Where(kv => kv.Key != Boundary).Select(kv => (kv.Key, kv.Value))));
    }

    /// <summary>The continuations of the longest context seen in training: trigram, else bigram, else unigram.</summary>
    internal Continuations ContinuationsAfter(int w1, int w2)
    {
        if (_trigrams.TryGetValue(Pack(w1, w2), out var tri)) return tri;
        if (_bigrams.TryGetValue(w2, out var bi)) return bi;
        return _unigrams;
    }

    internal static long Pack(int w1, int w2) => ((long)w1 << 32) | (uint)w2;

    private static void Increment<TKey>(Dictionary<TKey, int> counts, TKey key) where TKey : notnull =>
        counts[key] = counts.GetValueOrDefault(key) + 1;

    private static Dictionary<TContext, Continuations> Group<TContext>(IEnumerable<(TContext Context, int Next, int Count)> counts) where TContext : notnull =>
        counts.GroupBy(c => c.Context).ToDictionary(g => g.Key, g => Continuations.From(g.Select(c => (c.Next, c.Count))));

    /// <summary>Next-token ids with counts, sorted by count descending then id (a fixed order, so sampling is deterministic).</summary>
    internal sealed class Continuations
    {
        public required int[] Next { get; init; }
        public required int[] Counts { get; init; }

        public static Continuations From(IEnumerable<(int Next, int Count)> items)
        {
            var sorted = items.OrderByDescending(i => i.Count).ThenBy(i => i.Next).ToArray();
            return new Continuations { Next = sorted.Select(s => s.Next).ToArray(), Counts = sorted.Select(s => s.Count).ToArray() };
        }
    }
}
