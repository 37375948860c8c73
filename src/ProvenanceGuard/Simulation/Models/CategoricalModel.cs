using ProvenanceGuard.Simulation.Loops;

namespace ProvenanceGuard.Simulation.Models;

/// <summary>Settings of the categorical model.</summary>
/// <param name="Smoothing">Additive (Laplace) pseudo-count per category at each refit; 0 refits by raw counts.</param>
/// <param name="TailFraction">The tail is the set of least likely categories that together hold at most this much of the true mass.</param>
public sealed record CategoricalModelOptions(double Smoothing = 0, double TailFraction = 0.2);

/// <summary>
/// A categorical distribution over K categories refit by counts (Wright–Fisher resampling when
/// unsmoothed): a category at count k of M dies in one generation with probability (1 - k/M)^M,
/// takes over with probability equal to its frequency, and heterozygosity decays as (1 - 1/M)^n.
/// </summary>
public sealed class CategoricalModel : ICollapseModel
{
    private readonly double[] _truth;
    private readonly bool[] _inTail;
    private readonly double _tailMass;
    private readonly int[] _truthSupport;
    private readonly double[] _logTruth;

    public CategoricalModel(IReadOnlyList<double> truth, CategoricalModelOptions options, string name = "categorical")
    {
        if (truth.Count < 1) throw new SimulationInputException("a categorical model needs at least one category.");
        if (options.Smoothing < 0) throw new SimulationInputException($"smoothing must be ≥ 0, got {options.Smoothing}.");
        if (!(options.TailFraction is > 0 and < 1)) throw new SimulationInputException($"tail fraction must be in (0, 1), got {options.TailFraction}.");
        var total = 0.0;
        foreach (var p in truth)
        {
            if (!(p >= 0) || double.IsInfinity(p)) throw new SimulationInputException("category probabilities must be finite and ≥ 0.");
            total += p;
        }
        if (!(total > 0)) throw new SimulationInputException("category probabilities must not all be zero.");
        _truth = truth.Select(p => p / total).ToArray();
        Options = options;
        Name = name;

        // Tail: walk categories from least to most likely while the mass stays within the fraction.
        _inTail = new bool[_truth.Length];
        var order = Enumerable.Range(0, _truth.Length).Where(i => _truth[i] > 0).OrderBy(i => _truth[i]).ThenByDescending(i => i).ToArray();
        var mass = 0.0;
        foreach (var i in order)
        {
            if (mass + _truth[i] > options.TailFraction) break;
            mass += _truth[i];
            _inTail[i] = true;
        }
        _tailMass = mass;
        _truthSupport = Enumerable.Range(0, _truth.Length).Where(i => _truth[i] > 0).ToArray();
        _logTruth = _truth.Select(t => Math.Log(t)).ToArray();
    }

    /// <summary>Zipf's law over K categories: p_i ∝ 1 / i^s (the long tail of "1,000 bird species").</summary>
    public static CategoricalModel Zipf(int categories, double exponent, CategoricalModelOptions options)
    {
        if (categories < 1 || categories > 50_000_000) throw new SimulationInputException($"categories must be in [1, 50000000], got {categories}.");
        if (!(exponent >= 0)) throw new SimulationInputException($"zipf exponent must be ≥ 0, got {exponent}.");
        var p = new double[categories];
        for (var i = 0; i < categories; i++) p[i] = Math.Pow(i + 1, -exponent);
        return new CategoricalModel(p, options, "zipf") { ZipfExponent = exponent };
    }

    public CategoricalModelOptions Options { get; }
    public string Name { get; }
    public int Categories => _truth.Length;
    public double? ZipfExponent { get; private init; }
    public IReadOnlyList<double> Truth => _truth;

    public IReadOnlyList<string> Metrics { get; } =
        ["kl_to_truth", "tv_to_truth", "tail_mass_kept", "extinct_categories", "entropy", "heterozygosity"];

    public IReadOnlyDictionary<string, object> Parameters
    {
        get
        {
            var p = new Dictionary<string, object>
            {
                ["categories"] = Categories,
                ["smoothing"] = Options.Smoothing,
                ["tail_fraction"] = Options.TailFraction,
                ["tail_categories"] = _inTail.Count(t => t),
                ["tail_true_mass"] = _tailMass,
            };
            if (ZipfExponent is { } s) p["zipf_exponent"] = s;
            return p;
        }
    }

    IModelChain ICollapseModel.StartChain(ChainRandom rng, int samplesPerGeneration) => StartChain(rng, samplesPerGeneration);

    /// <summary>A chain starting from the truth; typed so tests can read category probabilities.</summary>
    public CategoricalChain StartChain(ChainRandom rng, int samplesPerGeneration) => new(this, rng);

    /// <summary>One chain of the categorical model.</summary>
    public sealed class CategoricalChain : IModelChain
    {
        private readonly CategoricalModel _model;
        private readonly ChainRandom _rng;
        private readonly double[] _p;
        private readonly long[] _counts;      // training counts
        private long _countTotal;
        private int[] _alive;                 // categories with p > 0, ascending
        private int _aliveCount;
        private bool _observed;               // false at generation 0: the truth has no training data

        internal CategoricalChain(CategoricalModel model, ChainRandom rng)
        {
            _model = model;
            _rng = rng;
            _p = (double[])model._truth.Clone();
            _counts = new long[_p.Length];
            _alive = new int[_p.Length];
            RebuildAlive();
        }

        /// <summary>The current model's probability of category <paramref name="category"/>.</summary>
        public double Probability(int category) => _p[category];

        private void RebuildAlive()
        {
            var n = 0;
            for (var i = 0; i < _p.Length; i++)
                if (_p[i] > 0) _alive[n++] = i;
            _aliveCount = n;
        }

        public void Measure(Span<double> metrics)
        {
            var truth = _model._truth;
            var logTruth = _model._logTruth;
            var inTail = _model._inTail;
            double kl = 0, entropy = 0, sumSquares = 0, tailKept = 0, absDiff = 0, aliveTruth = 0;
            var present = 0;
            // Only categories the model still gives mass to contribute; the dead ones add their
            // true mass to the total variation and nothing else.
            for (var j = 0; j < _aliveCount; j++)
            {
                var i = _alive[j];
                var p = _p[i];
                var t = truth[i];
                var logP = Math.Log(p);
                kl += p * (logP - logTruth[i]);
                entropy -= p * logP;
                sumSquares += p * p;
                absDiff += Math.Abs(p - t);
                aliveTruth += t;
                var isPresent = !_observed || _counts[i] > 0;
                if (isPresent)
                {
                    present++;
                    if (inTail[i]) tailKept += t;
                }
            }
            metrics[0] = kl;
            metrics[1] = (absDiff + Math.Max(0, 1 - aliveTruth)) / 2;
            metrics[2] = _model._tailMass > 0 ? tailKept / _model._tailMass : 1.0;
            metrics[3] = _p.Length - present;
            metrics[4] = entropy;
            metrics[5] = 1 - sumSquares;
        }

        public void Advance(GenerationMix mix)
        {
            // Without fresh data or smoothing, next generation's support is within this one's:
            // only the live categories need touching (the tail dies off, so generations get cheaper).
            var closed = mix.FreshReal == 0 && _model.Options.Smoothing == 0;
            if (!mix.Accumulate)
            {
                if (closed) for (var j = 0; j < _aliveCount; j++) _counts[_alive[j]] = 0;
                else Array.Clear(_counts);
                _countTotal = 0;
            }
            DrawMultinomial(mix.Synthetic, _p, _alive, _aliveCount);
            if (mix.FreshReal > 0) DrawMultinomial(mix.FreshReal, _model._truth, _model._truthSupport, _model._truthSupport.Length);
            _observed = true;

            var alpha = _model.Options.Smoothing;
            var denominator = _countTotal + alpha * _p.Length;
            if (closed)
            {
                var n = 0;
                for (var j = 0; j < _aliveCount; j++)
                {
                    var i = _alive[j];
                    var p = _p[i] = _counts[i] / denominator;
                    if (p > 0) _alive[n++] = i;
                }
                _aliveCount = n;
                return;
            }
            for (var i = 0; i < _p.Length; i++) _p[i] = (_counts[i] + alpha) / denominator;
            RebuildAlive();
        }

        // Conditional binomials: category i gets Binomial(remaining draws, p_i / remaining mass).
        // O(live categories) per generation, whatever M is.
        private void DrawMultinomial(int draws, double[] p, int[] support, int supportCount)
        {
            var remaining = draws;
            var mass = 1.0;
            for (var j = 0; j < supportCount && remaining > 0; j++)
            {
                var i = support[j];
                var pi = p[i];
                int x;
                if (j == supportCount - 1 || pi >= mass) x = remaining;
                else x = _rng.NextBinomial(remaining, pi / mass);
                _counts[i] += x;
                remaining -= x;
                mass -= pi;
            }
            _countTotal += draws;
        }
    }
}
