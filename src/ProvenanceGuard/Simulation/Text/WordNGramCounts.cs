namespace ProvenanceGuard.Simulation.Text;

/// <summary>
/// The simulator's own small word trigram model over integer word ids: counts trained from
/// sentences, continuations grouped by context (backoff trigram → bigram → unigram) for sampling,
/// and an interpolated, smoothed probability for perplexity on held-out human text.
/// </summary>
internal sealed class WordNGramCounts
{
    private const int IdBits = 21; // up to 2M word types
    private const double TrigramBackoff = 0.4, BigramBackoff = 0.4, UniformShare = 0.1;

    private readonly Dictionary<long, int> _trigram = new();
    private readonly Dictionary<long, int> _bigram = new();
    private readonly Dictionary<int, int> _unigram = new();
    private readonly Dictionary<long, int> _trigramContext = new();
    private readonly Dictionary<int, int> _bigramContext = new();
    private readonly Dictionary<long, (int Start, int Length)> _trigramGroups = new();
    private readonly Dictionary<int, (int Start, int Length)> _bigramGroups = new();
    private (int Start, int Length) _unigramGroup;
    private int[] _next = [];
    private int[] _counts = [];
    private long _tokens;

    /// <summary>Word types seen in training (boundary excluded).</summary>
    public int Types => _unigram.Count - (_unigram.ContainsKey(BrownText.Boundary) ? 1 : 0);
    public bool Contains(int word) => _unigram.ContainsKey(word);

    private static long Pack(int a, int b) => ((long)a << IdBits) | (uint)b;
    private static long Pack(int a, int b, int c) => ((((long)a << IdBits) | (uint)b) << IdBits) | (uint)c;

    public static WordNGramCounts Train(IEnumerable<int[]> sentences)
    {
        var model = new WordNGramCounts();
        foreach (var sentence in sentences)
        {
            int w1 = BrownText.Boundary, w2 = BrownText.Boundary;
            for (var i = 0; i <= sentence.Length; i++)
            {
                var w = i < sentence.Length ? sentence[i] : BrownText.Boundary;
                Add(model._trigram, Pack(w1, w2, w));
                Add(model._bigram, Pack(w2, w));
                Add(model._unigram, w);
                Add(model._trigramContext, Pack(w1, w2));
                Add(model._bigramContext, w2);
                model._tokens++;
                (w1, w2) = (w2, w);
            }
        }
        model.BuildGroups();
        return model;
    }

    private static void Add<TKey>(Dictionary<TKey, int> counts, TKey key) where TKey : notnull
    {
        System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(counts, key, out _)++;
    }

    // Continuations of each context laid out contiguously, most frequent first (ties by id), so
    // top-k and top-p are prefixes and sampling is deterministic.
    private void BuildGroups()
    {
        var total = _trigram.Count + _bigram.Count + _unigram.Count;
        _next = new int[total];
        _counts = new int[total];
        var mask = (1L << IdBits) - 1;
        var offset = 0;

        var tri = _trigram.Select(kv => (Context: kv.Key >> IdBits, Next: (int)(kv.Key & mask), Count: kv.Value))
            .OrderBy(t => t.Context).ThenByDescending(t => t.Count).ThenBy(t => t.Next).ToArray();
        offset = Lay(tri, offset, (context, start, length) => _trigramGroups[context] = (start, length));
        var bi = _bigram.Select(kv => (Context: kv.Key >> IdBits, Next: (int)(kv.Key & mask), Count: kv.Value))
            .OrderBy(t => t.Context).ThenByDescending(t => t.Count).ThenBy(t => t.Next).ToArray();
        offset = Lay(bi, offset, (context, start, length) => _bigramGroups[(int)context] = (start, length));
        var uni = _unigram.Select(kv => (Context: 0L, Next: kv.Key, Count: kv.Value))
            .OrderByDescending(t => t.Count).ThenBy(t => t.Next).ToArray();
        Lay(uni, offset, (_, start, length) => _unigramGroup = (start, length));
    }

    private int Lay((long Context, int Next, int Count)[] items, int offset, Action<long, int, int> group)
    {
        var i = 0;
        while (i < items.Length)
        {
            var start = offset;
            var context = items[i].Context;
            while (i < items.Length && items[i].Context == context)
            {
                _next[offset] = items[i].Next;
                _counts[offset] = items[i].Count;
                offset++;
                i++;
            }
            group(context, start, offset - start);
        }
        return offset;
    }

    /// <summary>Continuations after (w1, w2): the longest context seen in training.</summary>
    public (ReadOnlyMemory<int> Next, ReadOnlyMemory<int> Counts) ContinuationsAfter(int w1, int w2)
    {
        if (!_trigramGroups.TryGetValue(Pack(w1, w2), out var g) && !_bigramGroups.TryGetValue(w2, out g)) g = _unigramGroup;
        return (_next.AsMemory(g.Start, g.Length), _counts.AsMemory(g.Start, g.Length));
    }

    /// <summary>
    /// Interpolated probability of <paramref name="w"/> after (w1, w2): trigram and bigram relative
    /// frequencies each keep 60% when their context was seen and pass the rest down; the unigram keeps
    /// 90% and 10% is spread uniformly over <paramref name="vocabularySize"/> types, so held-out
    /// words the model lost still get a finite (and small) probability.
    /// </summary>
    public double Probability(int w1, int w2, int w, int vocabularySize)
    {
        var p = (1 - UniformShare) * _unigram.GetValueOrDefault(w) / (double)_tokens + UniformShare / vocabularySize;
        if (_bigramContext.TryGetValue(w2, out var c2))
            p = (1 - BigramBackoff) * _bigram.GetValueOrDefault(Pack(w2, w)) / c2 + BigramBackoff * p;
        if (_trigramContext.TryGetValue(Pack(w1, w2), out var c3))
            p = (1 - TrigramBackoff) * _trigram.GetValueOrDefault(Pack(w1, w2, w)) / c3 + TrigramBackoff * p;
        return p;
    }
}
