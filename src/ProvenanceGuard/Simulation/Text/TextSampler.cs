using ProvenanceGuard.Generation;

namespace ProvenanceGuard.Simulation.Text;

/// <summary>How generated text is sampled: temperature on counts, then top-k, then top-p, then an optional watermark.</summary>
/// <param name="WatermarkDelta">Green-list bias in logits (Kirchenbauer et al. 2023); 0 = no watermark.</param>
/// <param name="GreenFraction">γ: the share of the vocabulary that is green after each word.</param>
public sealed record TextSampling(double Temperature = 1.0, int TopK = 0, double TopP = 1.0, double WatermarkDelta = 0, double GreenFraction = 0.5)
{
    public void Validate()
    {
        if (!(Temperature > 0)) throw new SimulationInputException($"temperature must be > 0, got {Temperature}.");
        if (TopK < 0) throw new SimulationInputException($"top-k must be ≥ 0, got {TopK}.");
        if (!(TopP is > 0 and <= 1)) throw new SimulationInputException($"top-p must be in (0, 1], got {TopP}.");
        if (!(WatermarkDelta >= 0)) throw new SimulationInputException($"watermark delta must be ≥ 0, got {WatermarkDelta}.");
        if (!(GreenFraction is > 0 and < 1)) throw new SimulationInputException($"green fraction must be in (0, 1), got {GreenFraction}.");
    }

    /// <summary>Whether <paramref name="word"/> is on the green list seeded by the previous word: a fixed hash, so a detector can recount it.</summary>
    public bool IsGreen(int previous, int word)
    {
        unchecked
        {
            var h = (ulong)(uint)previous * 0x9E3779B97F4A7C15UL ^ (ulong)(uint)word * 0xC2B2AE3D27D4EB4FUL;
            h ^= h >> 29;
            h *= 0xBF58476D1CE4E5B9UL;
            h ^= h >> 32;
            return (h >> 11) * (1.0 / (1UL << 53)) < GreenFraction;
        }
    }
}

/// <summary>
/// Draws sentences from the project's <see cref="WordNGramModel"/> (the demo's generator) with a
/// chain's random stream: the same temperature → top-k → top-p rule as <see cref="WordNGramSampler"/>,
/// plus the optional green-list watermark, returning corpus word ids.
/// </summary>
internal sealed class TextSampler
{
    private const int MaxSentenceWords = 60;
    private readonly WordNGramModel _model;
    private readonly TextSampling _sampling;
    private readonly ChainRandom _rng;
    private readonly int[] _corpusId; // model-local id → corpus id
    private double[] _weights = new double[256];
    private readonly List<int> _sentence = [];

    public TextSampler(WordNGramModel model, BrownText corpus, TextSampling sampling, ChainRandom rng)
    {
        _model = model;
        _sampling = sampling;
        _rng = rng;
        _corpusId = new int[model.VocabularySize + 1];
        for (var id = 1; id <= model.VocabularySize; id++) _corpusId[id] = corpus.IdOf(model.Word(id));
    }

    /// <summary>Sentences until at least <paramref name="tokens"/> words were produced.</summary>
    public List<int[]> Sample(int tokens)
    {
        var sentences = new List<int[]>();
        var total = 0;
        var empty = 0;
        while (total < tokens)
        {
            var sentence = NextSentence();
            if (sentence.Length == 0)
            {
                // A collapsed model may only ever end at once; give up rather than spin.
                if (++empty > 1000) break;
                continue;
            }
            sentences.Add(sentence);
            total += sentence.Length;
        }
        return sentences;
    }

    private int[] NextSentence()
    {
        _sentence.Clear();
        int w1 = WordNGramModel.Boundary, w2 = WordNGramModel.Boundary;
        while (_sentence.Count < MaxSentenceWords)
        {
            var next = NextWord(w1, w2);
            if (next == WordNGramModel.Boundary) break;
            _sentence.Add(_corpusId[next]);
            (w1, w2) = (w2, next);
        }
        return _sentence.ToArray();
    }

    private int NextWord(int w1, int w2)
    {
        var continuations = _model.ContinuationsAfter(w1, w2);
        var next = continuations.Next;
        var counts = continuations.Counts;
        var n = next.Length;
        if (_sampling.TopK > 0) n = Math.Min(n, _sampling.TopK);
        if (_weights.Length < n) _weights = new double[Math.Max(n, _weights.Length * 2)];

        var exponent = 1.0 / _sampling.Temperature;
        var total = 0.0;
        for (var i = 0; i < n; i++)
        {
            var w = exponent == 1.0 ? counts[i] : Math.Pow(counts[i], exponent);
            _weights[i] = w;
            total += w;
        }
        if (_sampling.TopP < 1.0)
        {
            // Continuations are sorted by count, so the nucleus is a prefix.
            var kept = 0.0;
            var cut = 0;
            while (cut < n && kept < _sampling.TopP * total) kept += _weights[cut++];
            n = Math.Max(cut, 1);
            total = kept;
        }
        if (_sampling.WatermarkDelta > 0)
        {
            // The green list is keyed on corpus ids, so a detector needs only the text.
            var boost = Math.Exp(_sampling.WatermarkDelta);
            var previous = w2 == WordNGramModel.Boundary ? BrownText.Boundary : _corpusId[w2];
            total = 0;
            for (var i = 0; i < n; i++)
            {
                if (next[i] != WordNGramModel.Boundary && _sampling.IsGreen(previous, _corpusId[next[i]])) _weights[i] *= boost;
                total += _weights[i];
            }
        }
        var target = _rng.NextDouble() * total;
        for (var i = 0; i < n; i++)
        {
            target -= _weights[i];
            if (target < 0) return next[i];
        }
        return next[n - 1];
    }
}
