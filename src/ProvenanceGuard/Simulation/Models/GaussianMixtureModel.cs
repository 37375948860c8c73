using MathNet.Numerics;
using ProvenanceGuard.Simulation.Loops;

namespace ProvenanceGuard.Simulation.Models;

/// <summary>
/// Settings of the 1-D Gaussian mixture: K equally weighted unit-variance components whose means
/// are <paramref name="Separation"/> apart, refit by at most <paramref name="EmIterations"/> EM steps.
/// </summary>
public sealed record GaussianMixtureOptions(int Components = 2, double Separation = 4, int EmIterations = 30);

/// <summary>
/// A Gaussian mixture refit by expectation–maximisation, warm-started from the previous fit. Its
/// collapse shows as components starving (weights drifting to zero), variance loss and lost tails.
/// </summary>
public sealed class GaussianMixtureModel : ICollapseModel
{
    private const double TailMass = 0.01;
    private const int GridPoints = 400;
    private readonly double[] _weights, _means, _variances;
    private readonly double _trueMean, _trueVariance, _lowerTail, _upperTail;

    public GaussianMixtureModel(GaussianMixtureOptions options)
    {
        if (options.Components < 1 || options.Components > 32) throw new SimulationInputException($"gmm components must be in [1, 32], got {options.Components}.");
        if (!(options.Separation >= 0)) throw new SimulationInputException($"gmm separation must be ≥ 0, got {options.Separation}.");
        if (options.EmIterations < 1) throw new SimulationInputException($"gmm EM iterations must be ≥ 1, got {options.EmIterations}.");
        Options = options;
        var k = options.Components;
        _weights = Enumerable.Repeat(1.0 / k, k).ToArray();
        _means = Enumerable.Range(0, k).Select(i => (i - (k - 1) / 2.0) * options.Separation).ToArray();
        _variances = Enumerable.Repeat(1.0, k).ToArray();
        _trueMean = MixtureMean(_weights, _means);
        _trueVariance = MixtureVariance(_weights, _means, _variances, _trueMean);
        _lowerTail = Quantile(TailMass / 2);
        _upperTail = Quantile(1 - TailMass / 2);
    }

    public GaussianMixtureOptions Options { get; }
    public string Name => "gmm";
    public IReadOnlyList<string> Metrics { get; } = ["mean_drift", "sigma2_ratio", "w1", "tail_mass_kept", "min_weight"];

    public IReadOnlyDictionary<string, object> Parameters => new Dictionary<string, object>
    {
        ["components"] = Options.Components,
        ["separation"] = Options.Separation,
        ["em_iterations"] = Options.EmIterations,
        ["true_means"] = _means,
    };

    public IModelChain StartChain(ChainRandom rng, int samplesPerGeneration) => new Chain(this, rng, samplesPerGeneration);

    private static double MixtureMean(double[] w, double[] mu)
    {
        double m = 0;
        for (var i = 0; i < w.Length; i++) m += w[i] * mu[i];
        return m;
    }

    private static double MixtureVariance(double[] w, double[] mu, double[] v, double mean)
    {
        double s = 0;
        for (var i = 0; i < w.Length; i++) s += w[i] * (v[i] + (mu[i] - mean) * (mu[i] - mean));
        return s;
    }

    private static double Cdf(double[] w, double[] mu, double[] v, double x)
    {
        double f = 0;
        for (var i = 0; i < w.Length; i++)
            if (w[i] > 0) f += w[i] * 0.5 * SpecialFunctions.Erfc(-(x - mu[i]) / Math.Sqrt(2 * v[i]));
        return f;
    }

    private double Quantile(double u)
    {
        double lo = _means.Min() - 20, hi = _means.Max() + 20;
        for (var i = 0; i < 200; i++)
        {
            var mid = (lo + hi) / 2;
            if (Cdf(_weights, _means, _variances, mid) < u) lo = mid; else hi = mid;
        }
        return (lo + hi) / 2;
    }

    private sealed class Chain : IModelChain
    {
        private readonly GaussianMixtureModel _model;
        private readonly ChainRandom _rng;
        private readonly int _m;
        private readonly double[] _w, _mu, _var;
        private readonly double[] _sample;
        private readonly List<double> _training = [];
        private readonly double[] _cumulative;

        public Chain(GaussianMixtureModel model, ChainRandom rng, int m)
        {
            _model = model;
            _rng = rng;
            _m = m;
            _w = (double[])model._weights.Clone();
            _mu = (double[])model._means.Clone();
            _var = (double[])model._variances.Clone();
            _cumulative = new double[_w.Length];
            _sample = new double[m];
            DrawSample(_sample, _w, _mu, _var);
        }

        private void DrawSample(Span<double> into, double[] w, double[] mu, double[] v)
        {
            var acc = 0.0;
            for (var i = 0; i < w.Length; i++) _cumulative[i] = acc += w[i];
            for (var j = 0; j < into.Length; j++)
            {
                var u = _rng.NextDouble() * acc;
                var c = 0;
                while (c < w.Length - 1 && u >= _cumulative[c]) c++;
                into[j] = mu[c] + Math.Sqrt(v[c]) * _rng.NextGaussian();
            }
        }

        public void Measure(Span<double> metrics)
        {
            var mean = MixtureMean(_w, _mu);
            var variance = MixtureVariance(_w, _mu, _var, mean);
            metrics[0] = Math.Abs(mean - _model._trueMean);
            metrics[1] = variance / _model._trueVariance;
            metrics[2] = Wasserstein1();
            var tail = Cdf(_w, _mu, _var, _model._lowerTail) + 1 - Cdf(_w, _mu, _var, _model._upperTail);
            metrics[3] = tail / TailMass;
            metrics[4] = _w.Min();
        }

        // W1 = ∫ |F_model - F_truth| dx on a grid spanning both distributions (trapezoid rule).
        private double Wasserstein1()
        {
            var m = _model;
            double lo = double.MaxValue, hi = double.MinValue;
            for (var i = 0; i < _w.Length; i++)
            {
                if (_w[i] > 0)
                {
                    lo = Math.Min(lo, _mu[i] - 8 * Math.Sqrt(_var[i]));
                    hi = Math.Max(hi, _mu[i] + 8 * Math.Sqrt(_var[i]));
                }
                lo = Math.Min(lo, m._means[i] - 8);
                hi = Math.Max(hi, m._means[i] + 8);
            }
            var step = (hi - lo) / (GridPoints - 1);
            double sum = 0, previous = 0;
            for (var g = 0; g < GridPoints; g++)
            {
                var x = lo + g * step;
                var diff = Math.Abs(Cdf(_w, _mu, _var, x) - Cdf(m._weights, m._means, m._variances, x));
                if (g > 0) sum += (diff + previous) / 2 * step;
                previous = diff;
            }
            return sum;
        }

        public void Advance(GenerationMix mix)
        {
            if (mix.Synthetic > _m) throw new InvalidOperationException("a generation cannot reuse more synthetic samples than it drew.");
            if (!mix.Accumulate) _training.Clear();
            for (var i = 0; i < mix.Synthetic; i++) _training.Add(_sample[i]);
            if (mix.FreshReal > 0)
            {
                var fresh = new double[mix.FreshReal];
                DrawSample(fresh, _model._weights, _model._means, _model._variances);
                _training.AddRange(fresh);
            }
            Em();
            DrawSample(_sample, _w, _mu, _var);
        }

        private void Em()
        {
            var k = _w.Length;
            var n = _training.Count;
            Span<double> r = stackalloc double[k];
            Span<double> sw = stackalloc double[k];
            Span<double> sx = stackalloc double[k];
            Span<double> sxx = stackalloc double[k];
            Span<double> logNorm = stackalloc double[k];
            Span<double> inv2v = stackalloc double[k];
            var floor = 1e-6;
            var previous = double.NegativeInfinity;
            for (var iteration = 0; iteration < _model.Options.EmIterations; iteration++)
            {
                for (var c = 0; c < k; c++)
                {
                    logNorm[c] = _w[c] > 0 ? Math.Log(_w[c]) - 0.5 * Math.Log(2 * Math.PI * _var[c]) : double.NegativeInfinity;
                    inv2v[c] = 1 / (2 * _var[c]);
                }
                sw.Clear(); sx.Clear(); sxx.Clear();
                var logLikelihood = 0.0;
                foreach (var x in _training)
                {
                    var max = double.NegativeInfinity;
                    for (var c = 0; c < k; c++)
                    {
                        var d = x - _mu[c];
                        r[c] = logNorm[c] - d * d * inv2v[c];
                        if (r[c] > max) max = r[c];
                    }
                    var total = 0.0;
                    for (var c = 0; c < k; c++) total += r[c] = Math.Exp(r[c] - max);
                    logLikelihood += max + Math.Log(total);
                    for (var c = 0; c < k; c++)
                    {
                        var q = r[c] / total;
                        sw[c] += q;
                        sx[c] += q * x;
                        sxx[c] += q * x * x;
                    }
                }
                for (var c = 0; c < k; c++)
                {
                    _w[c] = sw[c] / n;
                    if (sw[c] > 1e-9)
                    {
                        _mu[c] = sx[c] / sw[c];
                        _var[c] = Math.Max(floor, sxx[c] / sw[c] - _mu[c] * _mu[c]);
                    }
                    else _w[c] = 0; // a starved component stays dead: collapse, not a numerical accident
                }
                if (logLikelihood - previous < 1e-8 * n) break;
                previous = logLikelihood;
            }
        }
    }
}
