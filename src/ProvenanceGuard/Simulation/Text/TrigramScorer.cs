namespace ProvenanceGuard.Simulation.Text;

/// <summary>
/// Scores held-out text under a generation's training data: trigram, bigram and unigram relative
/// frequencies interpolated with a uniform share, so words the generator has lost still get a
/// finite (and small) probability and perplexity stays comparable across generations.
/// </summary>
internal sealed class TrigramScorer
{
    private const int IdBits = 21; // up to 2M word types
    private const double TrigramBackoff = 0.4, BigramBackoff = 0.4, UniformShare = 0.1;

    private readonly Dictionary<long, int> _trigram = new();
    private readonly Dictionary<long, int> _bigram = new();
    private readonly Dictionary<int, int> _unigram = new();
    private readonly Dictionary<long, int> _trigramContext = new();
    private readonly Dictionary<int, int> _bigramContext = new();
    private long _tokens;

    /// <summary>Word types seen in training (boundary excluded).</summary>
    public int Types => _unigram.Count - (_unigram.ContainsKey(BrownText.Boundary) ? 1 : 0);
    public bool Contains(int word) => _unigram.ContainsKey(word);

    private static long Pack(int a, int b) => ((long)a << IdBits) | (uint)b;
    private static long Pack(int a, int b, int c) => ((((long)a << IdBits) | (uint)b) << IdBits) | (uint)c;

    public static TrigramScorer Train(IEnumerable<int[]> sentences)
    {
        var model = new TrigramScorer();
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
        return model;
    }

    private static void Add<TKey>(Dictionary<TKey, int> counts, TKey key) where TKey : notnull =>
        System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(counts, key, out _)++;

    /// <summary>
    /// P(w | w1 w2): trigram and bigram relative frequencies keep 60% each when their context was seen
    /// and pass the rest down; the unigram keeps 90% and 10% is spread over <paramref name="vocabularySize"/> types.
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
