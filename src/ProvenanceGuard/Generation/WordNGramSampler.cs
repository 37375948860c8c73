namespace ProvenanceGuard.Generation;

/// <summary>
/// Samples sentences from a <see cref="WordNGramModel"/> with an injected, seeded <see cref="Random"/>, optionally
/// reweighting candidates with an <see cref="ITokenBias"/> (a watermark); without one the draws are unchanged.
/// </summary>
public sealed class WordNGramSampler(WordNGramModel model, SamplingOptions options, Random random, ITokenBias? bias = null)
{
    private double[] _weights = new double[256];
    private ulong? _biasContext;

    /// <summary>One sentence of at most <paramref name="maxWords"/> words, without boundary markers.</summary>
    public List<string> NextSentence(int maxWords = 60)
    {
        var words = new List<string>();
        int w1 = WordNGramModel.Boundary, w2 = WordNGramModel.Boundary;
        while (words.Count < maxWords)
        {
            var next = NextToken(w1, w2);
            if (next == WordNGramModel.Boundary) break;
            var word = model.Word(next);
            words.Add(word);
            if (bias is not null) _biasContext = bias.Advance(_biasContext, word);
            (w1, w2) = (w2, next);
        }
        return words;
    }

    /// <summary>Sentences until at least <paramref name="minWords"/> words were produced.</summary>
    public List<List<string>> NextDocument(int minWords)
    {
        var sentences = new List<List<string>>();
        var total = 0;
        while (total < minWords)
        {
            var sentence = NextSentence();
            if (sentence.Count == 0) continue;
            sentences.Add(sentence);
            total += sentence.Count;
        }
        return sentences;
    }

    private int NextToken(int w1, int w2)
    {
        var continuations = model.ContinuationsAfter(w1, w2);
        var n = continuations.Next.Length;
        if (options.TopK > 0) n = Math.Min(n, options.TopK);
        if (_weights.Length < n) _weights = new double[Math.Max(n, _weights.Length * 2)];

        var exponent = 1.0 / Math.Max(options.Temperature, 1e-6);
        var total = 0.0;
        for (var i = 0; i < n; i++)
        {
            _weights[i] = Math.Pow(continuations.Counts[i], exponent);
            total += _weights[i];
        }
        if (options.TopP < 1.0)
        {
            // Continuations are sorted by count, so the nucleus is a prefix.
            var kept = 0.0;
            var cut = 0;
            while (cut < n && kept < options.TopP * total) kept += _weights[cut++];
            n = Math.Max(cut, 1);
            total = kept;
        }
        if (bias is not null)
        {
            // The bias reweights what truncation kept, like a logit bonus applied inside the nucleus, so the
            // model's own top-k/top-p choice (a prefix by count) is never reordered by the watermark.
            total = 0.0;
            for (var i = 0; i < n; i++)
            {
                if (continuations.Next[i] != WordNGramModel.Boundary) _weights[i] *= bias.Factor(_biasContext, model.Word(continuations.Next[i]));
                total += _weights[i];
            }
        }
        var target = random.NextDouble() * total;
        for (var i = 0; i < n; i++)
        {
            target -= _weights[i];
            if (target <= 0) return continuations.Next[i];
        }
        return continuations.Next[n - 1];
    }
}
