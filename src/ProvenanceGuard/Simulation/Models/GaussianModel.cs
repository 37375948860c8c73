using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;
using ProvenanceGuard.Simulation.Loops;

namespace ProvenanceGuard.Simulation.Models;

/// <summary>Settings of the Gaussian model: truth N(mean·1, variance·I) in d dimensions.</summary>
/// <param name="Biased">Refit the variance with divisor M (maximum likelihood) instead of M - 1.</param>
public sealed record GaussianModelOptions(int Dimensions = 1, double Mean = 0, double Variance = 1, bool Biased = false);

/// <summary>
/// Shumailov et al. (2024)'s Gaussian loop: sample M points from the current fit, refit mean and
/// (co)variance, repeat. With the unbiased estimator Var(X^n) = σ²(1 + n/M) and E[σ_n²] = σ², while
/// the median σ_n² decays; with the biased one E[σ_n²] = σ²((M-1)/M)^n.
/// </summary>
public sealed class GaussianModel : ICollapseModel
{
    /// <summary>Two-sided 1% point of the standard normal: the truth's tail starts here.</summary>
    private const double TailZ = 2.5758293035489004;
    private const double TailMass = 0.01;

    private readonly string[] _metrics;

    public GaussianModel(GaussianModelOptions options)
    {
        if (options.Dimensions < 1 || options.Dimensions > 64) throw new SimulationInputException($"gaussian dimensions must be in [1, 64], got {options.Dimensions}.");
        if (!(options.Variance > 0)) throw new SimulationInputException($"gaussian variance must be > 0, got {options.Variance}.");
        Options = options;
        var names = new List<string> { "mean_drift", "sigma2", "sigma2_ratio", "log_sigma2_ratio", "w2", "tail_mass_kept", "sample_variance" };
        for (var k = 0; k < options.Dimensions; k++)
        {
            names.Add($"_sum{k}");
            names.Add($"_sumsq{k}");
        }
        _metrics = names.ToArray();
    }

    public GaussianModelOptions Options { get; }
    public string Name => "gaussian";
    public IReadOnlyList<string> Metrics => _metrics;

    public IReadOnlyDictionary<string, object> Parameters => new Dictionary<string, object>
    {
        ["dimensions"] = Options.Dimensions,
        ["true_mean"] = Options.Mean,
        ["true_variance"] = Options.Variance,
        ["variance_estimator"] = Options.Biased ? "biased" : "unbiased",
    };

    /// <summary>Index of the first raw-sum metric; chain k's sum and sum of squares for dimension d sit at 2d and 2d+1 past it.</summary>
    internal const int FirstRawMetric = 7;

    public IModelChain StartChain(ChainRandom rng, int samplesPerGeneration)
    {
        if (samplesPerGeneration <= Options.Dimensions)
            throw new SimulationInputException($"gaussian refit needs more samples than dimensions ({samplesPerGeneration} ≤ {Options.Dimensions}).");
        return new Chain(this, rng, samplesPerGeneration);
    }

    /// <summary>pooled_sample_variance: the variance of generation n's samples, all chains pooled, averaged over dimensions.</summary>
    public IEnumerable<KeyValuePair<string, double>> PooledMetrics(GenerationValues values)
    {
        var d = Options.Dimensions;
        double total = 0;
        var n = (double)values.Chains * values.SamplesPerGeneration;
        for (var k = 0; k < d; k++)
        {
            double sum = 0, sumsq = 0;
            for (var c = 0; c < values.Chains; c++)
            {
                sum += values[c, FirstRawMetric + 2 * k];
                sumsq += values[c, FirstRawMetric + 2 * k + 1];
            }
            total += (sumsq - sum * sum / n) / (n - 1);
        }
        yield return new("pooled_sample_variance", total / d);
    }

    private sealed class Chain : IModelChain
    {
        private readonly GaussianModel _model;
        private readonly ChainRandom _rng;
        private readonly int _d, _m;
        private readonly double[] _mean;
        private readonly double[] _cov;      // d×d, row-major
        private readonly double[] _chol;     // lower Cholesky factor of _cov
        private readonly double[] _sample;   // this generation's M draws, row-major M×d
        private readonly double[] _z;
        private readonly double[] _sampleSum, _sampleSumSq;
        // Training statistics (kept across generations by the accumulate loop).
        private double _count;
        private readonly double[] _sum;
        private readonly double[] _outer;

        public Chain(GaussianModel model, ChainRandom rng, int m)
        {
            _model = model;
            _rng = rng;
            _d = model.Options.Dimensions;
            _m = m;
            _mean = new double[_d];
            _cov = new double[_d * _d];
            _chol = new double[_d * _d];
            _sample = new double[m * _d];
            _z = new double[_d];
            _sampleSum = new double[_d];
            _sampleSumSq = new double[_d];
            _sum = new double[_d];
            _outer = new double[_d * _d];
            Array.Fill(_mean, model.Options.Mean);
            var sd = Math.Sqrt(model.Options.Variance);
            for (var k = 0; k < _d; k++)
            {
                _cov[k * _d + k] = model.Options.Variance;
                _chol[k * _d + k] = sd;
            }
            DrawSample();
        }

        private void DrawSample()
        {
            var d = _d;
            Array.Clear(_sampleSum);
            Array.Clear(_sampleSumSq);
            if (d == 1)
            {
                var mu = _mean[0];
                var s = _chol[0];
                double sum = 0, sumsq = 0;
                for (var i = 0; i < _m; i++)
                {
                    var x = mu + s * _rng.NextGaussian();
                    _sample[i] = x;
                    sum += x;
                    sumsq += x * x;
                }
                _sampleSum[0] = sum;
                _sampleSumSq[0] = sumsq;
                return;
            }
            for (var i = 0; i < _m; i++)
            {
                for (var k = 0; k < d; k++) _z[k] = _rng.NextGaussian();
                for (var r = 0; r < d; r++)
                {
                    var x = _mean[r];
                    for (var k = 0; k <= r; k++) x += _chol[r * d + k] * _z[k];
                    _sample[i * d + r] = x;
                    _sampleSum[r] += x;
                    _sampleSumSq[r] += x * x;
                }
            }
        }

        public void Measure(Span<double> metrics)
        {
            var d = _d;
            var o = _model.Options;
            double shift2 = 0, trace = 0;
            for (var k = 0; k < d; k++)
            {
                var delta = _mean[k] - o.Mean;
                shift2 += delta * delta;
                trace += _cov[k * d + k];
            }
            var sigma2 = trace / d;
            metrics[0] = Math.Sqrt(shift2);
            metrics[1] = sigma2;
            metrics[2] = sigma2 / o.Variance;
            metrics[3] = Math.Log(sigma2 / o.Variance);
            metrics[4] = Wasserstein2(shift2);
            metrics[5] = TailMassKept();

            double withinVariance = 0;
            for (var k = 0; k < d; k++)
            {
                var sum = _sampleSum[k];
                var sumsq = _sampleSumSq[k];
                metrics[FirstRawMetric + 2 * k] = sum;
                metrics[FirstRawMetric + 2 * k + 1] = sumsq;
                withinVariance += (sumsq - sum * sum / _m) / (_m - 1);
            }
            metrics[6] = withinVariance / d;
        }

        // W2² between N(μ_n, Σ_n) and N(μ, σ²I) = |Δμ|² + tr Σ_n + dσ² - 2σ tr Σ_n^{1/2}.
        private double Wasserstein2(double shift2)
        {
            var o = _model.Options;
            double traceSqrt;
            if (_d == 1) traceSqrt = Math.Sqrt(_cov[0]);
            else
            {
                var evd = Matrix<double>.Build.Dense(_d, _d, (r, c) => _cov[r * _d + c]).Evd(Symmetricity.Symmetric);
                traceSqrt = evd.EigenValues.Sum(e => Math.Sqrt(Math.Max(0, e.Real)));
            }
            var trace = 0.0;
            for (var k = 0; k < _d; k++) trace += _cov[k * _d + k];
            var w2Squared = shift2 + trace + _d * o.Variance - 2 * Math.Sqrt(o.Variance) * traceSqrt;
            return Math.Sqrt(Math.Max(0, w2Squared));
        }

        // Mass the current fit puts beyond the truth's two-sided 1% points of the first coordinate, over 1%.
        private double TailMassKept()
        {
            var o = _model.Options;
            var sd = Math.Sqrt(_cov[0]);
            var trueSd = Math.Sqrt(o.Variance);
            var upper = o.Mean + TailZ * trueSd;
            var lower = o.Mean - TailZ * trueSd;
            var mass = Normal.CDF(_mean[0], sd, lower) + (1 - Normal.CDF(_mean[0], sd, upper));
            return mass / TailMass;
        }

        public void Advance(GenerationMix mix)
        {
            if (mix.Synthetic > _m) throw new InvalidOperationException("a generation cannot reuse more synthetic samples than it drew.");
            var d = _d;
            if (!mix.Accumulate)
            {
                _count = 0;
                Array.Clear(_sum);
                Array.Clear(_outer);
            }
            for (var i = 0; i < mix.Synthetic; i++) AddPoint(_sample.AsSpan(i * d, d));
            if (mix.FreshReal > 0)
            {
                var o = _model.Options;
                var sd = Math.Sqrt(o.Variance);
                Span<double> x = stackalloc double[d];
                for (var i = 0; i < mix.FreshReal; i++)
                {
                    for (var k = 0; k < d; k++) x[k] = o.Mean + sd * _rng.NextGaussian();
                    AddPoint(x);
                }
            }
            Refit();
            DrawSample();
        }

        private void AddPoint(ReadOnlySpan<double> x)
        {
            var d = _d;
            _count++;
            if (d == 1)
            {
                _sum[0] += x[0];
                _outer[0] += x[0] * x[0];
                return;
            }
            for (var r = 0; r < d; r++)
            {
                _sum[r] += x[r];
                for (var c = 0; c <= r; c++) _outer[r * d + c] += x[r] * x[c];
            }
        }

        private void Refit()
        {
            var d = _d;
            var n = _count;
            var divisor = _model.Options.Biased ? n : n - 1;
            for (var k = 0; k < d; k++) _mean[k] = _sum[k] / n;
            for (var r = 0; r < d; r++)
            {
                for (var c = 0; c <= r; c++)
                {
                    var v = (_outer[r * d + c] - n * _mean[r] * _mean[c]) / divisor;
                    _cov[r * d + c] = v;
                    _cov[c * d + r] = v;
                }
            }
            Cholesky();
        }

        private void Cholesky()
        {
            var d = _d;
            Array.Clear(_chol);
            for (var r = 0; r < d; r++)
            {
                for (var c = 0; c <= r; c++)
                {
                    var s = _cov[r * d + c];
                    for (var k = 0; k < c; k++) s -= _chol[r * d + k] * _chol[c * d + k];
                    if (r == c) _chol[r * d + r] = Math.Sqrt(Math.Max(s, 0));
                    else _chol[r * d + c] = _chol[c * d + c] > 0 ? s / _chol[c * d + c] : 0;
                }
            }
        }
    }
}
