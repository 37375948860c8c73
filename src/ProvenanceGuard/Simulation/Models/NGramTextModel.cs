using ProvenanceGuard.Generation;
using ProvenanceGuard.Simulation.Loops;
using ProvenanceGuard.Simulation.Text;

namespace ProvenanceGuard.Simulation.Models;

/// <summary>
/// Text collapse: the project's word trigram generator (<see cref="WordNGramModel"/>) trained on human
/// Brown text (generation 0), then on text it generated (temperature, top-k, top-p, optional
/// watermark), generation after generation. Measured
/// against held-out human Brown text: perplexity, distinct-2 of the generated text, vocabulary kept,
/// rare-word retention, and the watermark's z-score in the generated text.
/// </summary>
public sealed class NGramTextModel : ICollapseModel
{
    /// <summary>Words seen at most this often in a chain's human training sample count as rare.</summary>
    public const int RareCount = 2;

    private readonly BrownText _corpus;
    private readonly (int W1, int W2, int W)[] _heldOut;

    public NGramTextModel(BrownText corpus, TextSampling sampling, int heldOutTokens = 20_000)
    {
        sampling.Validate();
        if (heldOutTokens < 100) throw new SimulationInputException($"held-out tokens must be ≥ 100, got {heldOutTokens}.");
        _corpus = corpus;
        Sampling = sampling;
        var heldOut = new List<(int, int, int)>();
        foreach (var sentence in corpus.HeldOut)
        {
            int w1 = BrownText.Boundary, w2 = BrownText.Boundary;
            for (var i = 0; i <= sentence.Length; i++)
            {
                var w = i < sentence.Length ? sentence[i] : BrownText.Boundary;
                heldOut.Add((w1, w2, w));
                (w1, w2) = (w2, w);
            }
            if (heldOut.Count >= heldOutTokens) break;
        }
        _heldOut = heldOut.ToArray();
    }

    public TextSampling Sampling { get; }
    public string Name => "ngram";
    public IReadOnlyList<string> Metrics { get; } =
        ["perplexity", "log_perplexity_ratio", "distinct_2", "vocabulary_kept", "rare_word_retention", "watermark_z"];

    public IReadOnlyDictionary<string, object> Parameters => new Dictionary<string, object>
    {
        ["order"] = 3,
        ["temperature"] = Sampling.Temperature,
        ["top_k"] = Sampling.TopK,
        ["top_p"] = Sampling.TopP,
        ["watermark_delta"] = Sampling.WatermarkDelta,
        ["green_fraction"] = Sampling.GreenFraction,
        ["corpus_vocabulary"] = _corpus.Vocabulary.Count - 1,
        ["held_out_tokens"] = _heldOut.Length,
        ["rare_count"] = RareCount,
    };

    public IModelChain StartChain(ChainRandom rng, int samplesPerGeneration)
    {
        if (samplesPerGeneration < 100) throw new SimulationInputException($"ngram needs at least 100 tokens per generation, got {samplesPerGeneration}.");
        return new Chain(this, rng, samplesPerGeneration);
    }

    private sealed class Chain : IModelChain
    {
        private readonly NGramTextModel _model;
        private readonly ChainRandom _rng;
        private readonly int _tokens;
        private readonly int[] _rare;
        private readonly int _initialTypes;
        private readonly double _initialLogPerplexity;
        private List<int[]> _training;
        private TrigramScorer _scorer;
        private List<int[]> _sample;

        public Chain(NGramTextModel model, ChainRandom rng, int tokens)
        {
            _model = model;
            _rng = rng;
            _tokens = tokens;
            _training = [];
            AddHuman(_training, tokens);
            _scorer = TrigramScorer.Train(_training);
            _initialTypes = _scorer.Types;
            var frequency = new Dictionary<int, int>();
            foreach (var s in _training)
                foreach (var w in s)
                    frequency[w] = frequency.GetValueOrDefault(w) + 1;
            _rare = frequency.Where(kv => kv.Value <= RareCount).Select(kv => kv.Key).Order().ToArray();
            _initialLogPerplexity = LogPerplexity();
            _sample = Generate();
        }

        // Trains the generator on this generation's training text and samples the next text from it.
        private List<int[]> Generate()
        {
            var vocabulary = _model._corpus.Vocabulary;
            var generator = WordNGramModel.Train(_training.Select(s => (IReadOnlyList<string>)Array.ConvertAll(s, id => vocabulary[id])));
            return new TextSampler(generator, _model._corpus, _model.Sampling, _rng).Sample(_tokens);
        }

        // Random human sentences from the training pool until at least `tokens` words.
        private void AddHuman(List<int[]> into, int tokens)
        {
            var pool = _model._corpus.Training;
            var added = 0;
            while (added < tokens)
            {
                var s = pool[_rng.NextInt(pool.Count)];
                into.Add(s);
                added += s.Length;
            }
        }

        private double LogPerplexity()
        {
            var v = _model._corpus.Vocabulary.Count;
            var sum = 0.0;
            foreach (var (w1, w2, w) in _model._heldOut) sum -= Math.Log(_scorer.Probability(w1, w2, w, v));
            return sum / _model._heldOut.Length;
        }

        public void Measure(Span<double> metrics)
        {
            var logPerplexity = LogPerplexity();
            metrics[0] = Math.Exp(logPerplexity);
            metrics[1] = logPerplexity - _initialLogPerplexity;
            metrics[2] = DistinctBigrams();
            metrics[3] = (double)_scorer.Types / _initialTypes;
            var kept = 0;
            foreach (var w in _rare)
                if (_scorer.Contains(w)) kept++;
            metrics[4] = _rare.Length == 0 ? 1.0 : (double)kept / _rare.Length;
            metrics[5] = WatermarkZ();
        }

        private double DistinctBigrams()
        {
            var seen = new HashSet<long>();
            var total = 0;
            foreach (var s in _sample)
            {
                for (var i = 1; i < s.Length; i++)
                {
                    seen.Add(((long)s[i - 1] << 32) | (uint)s[i]);
                    total++;
                }
            }
            return total == 0 ? 0 : (double)seen.Count / total;
        }

        // z = (green - γT) / √(T γ (1-γ)) over the generated words, as a watermark detector would count.
        private double WatermarkZ()
        {
            var sampling = _model.Sampling;
            long green = 0, total = 0;
            foreach (var s in _sample)
            {
                var previous = BrownText.Boundary;
                foreach (var w in s)
                {
                    if (sampling.IsGreen(previous, w)) green++;
                    total++;
                    previous = w;
                }
            }
            var g = sampling.GreenFraction;
            return total == 0 ? 0 : (green - g * total) / Math.Sqrt(total * g * (1 - g));
        }

        public void Advance(GenerationMix mix)
        {
            var next = mix.Accumulate ? _training : [];
            var taken = 0;
            foreach (var s in _sample)
            {
                if (taken >= mix.Synthetic) break;
                next.Add(s);
                taken += s.Length;
            }
            if (mix.FreshReal > 0) AddHuman(next, mix.FreshReal);
            if (next.Count == 0) AddHuman(next, 1); // a fully collapsed generator left nothing to train on
            _training = next;
            _scorer = TrigramScorer.Train(_training);
            _sample = Generate();
        }
    }
}
