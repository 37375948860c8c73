using ProvenanceGuard.Simulation.Loops;

namespace ProvenanceGuard.Simulation.Models;

/// <summary>Settings of the regression model: y = x·w* + ε, x ~ N(0, I_d), ε ~ N(0, σ²), |w*| = 1.</summary>
public sealed record LinearRegressionOptions(int Features = 10, double NoiseVariance = 1);

/// <summary>
/// Gerstgrasser et al. (2024)'s linear loop: a fixed design X (T × d) per chain; each generation
/// relabels X with the previous fit plus fresh noise and refits by least squares. Test error
/// |ŵ_n - w*|² (the excess risk for isotropic features) grows as σ² d n / (T-d-1) when data are
/// replaced and stays below σ² d / (T-d-1) · π²/6 when they accumulate.
/// </summary>
public sealed class LinearRegressionModel : ICollapseModel
{
    public LinearRegressionModel(LinearRegressionOptions options)
    {
        if (options.Features < 1 || options.Features > 256) throw new SimulationInputException($"regression features must be in [1, 256], got {options.Features}.");
        if (!(options.NoiseVariance > 0)) throw new SimulationInputException($"regression noise variance must be > 0, got {options.NoiseVariance}.");
        Options = options;
    }

    public LinearRegressionOptions Options { get; }
    public string Name => "regression";
    public IReadOnlyList<string> Metrics { get; } = ["test_error", "log_test_error"];

    public IReadOnlyDictionary<string, object> Parameters => new Dictionary<string, object>
    {
        ["features"] = Options.Features,
        ["noise_variance"] = Options.NoiseVariance,
    };

    /// <summary>σ² d / (T - d - 1): the expected test error of one least-squares fit on T real samples.</summary>
    public double SingleFitError(int samples) => Options.NoiseVariance * Options.Features / (samples - Options.Features - 1);

    public IModelChain StartChain(ChainRandom rng, int samplesPerGeneration)
    {
        if (samplesPerGeneration <= Options.Features + 1)
            throw new SimulationInputException($"regression needs more samples than features + 1 ({samplesPerGeneration} ≤ {Options.Features + 1}).");
        return new Chain(this, rng, samplesPerGeneration);
    }

    private sealed class Chain : IModelChain
    {
        private readonly LinearRegressionModel _model;
        private readonly ChainRandom _rng;
        private readonly int _d, _t;
        private readonly double[] _x;          // T × d design, fixed for the chain
        private readonly double[] _gram;       // XᵀX
        private readonly double[] _truth;      // w*
        private readonly double[] _w;          // current fit
        private readonly double[] _next;
        private readonly double[] _accGram;    // Σ XᵀX over kept generations
        private readonly double[] _accXty;     // Σ Xᵀy over kept generations
        private readonly double[] _chol;
        private readonly double[] _xty;

        public Chain(LinearRegressionModel model, ChainRandom rng, int t)
        {
            _model = model;
            _rng = rng;
            _d = model.Options.Features;
            _t = t;
            var d = _d;
            _x = new double[t * d];
            for (var i = 0; i < _x.Length; i++) _x[i] = rng.NextGaussian();
            _gram = new double[d * d];
            for (var i = 0; i < t; i++)
                for (var r = 0; r < d; r++)
                    for (var c = 0; c <= r; c++)
                        _gram[r * d + c] += _x[i * d + r] * _x[i * d + c];
            for (var r = 0; r < d; r++)
                for (var c = r + 1; c < d; c++)
                    _gram[r * d + c] = _gram[c * d + r];
            _truth = new double[d];
            Array.Fill(_truth, 1 / Math.Sqrt(d));
            _w = (double[])_truth.Clone();
            _next = new double[d];
            _accGram = new double[d * d];
            _accXty = new double[d];
            _chol = new double[d * d];
            _xty = new double[d];
        }

        public void Measure(Span<double> metrics)
        {
            double e = 0;
            for (var k = 0; k < _d; k++)
            {
                var delta = _w[k] - _truth[k];
                e += delta * delta;
            }
            metrics[0] = e;
            metrics[1] = Math.Log(e);
        }

        public void Advance(GenerationMix mix)
        {
            if (mix.Total != _t) throw new InvalidOperationException("the regression design has a fixed number of rows.");
            var d = _d;
            var sd = Math.Sqrt(_model.Options.NoiseVariance);
            Array.Clear(_xty);
            // Rows [offset, offset + FreshReal) get true labels; the rest are labelled by the current fit.
            var offset = mix.FreshReal > 0 ? _rng.NextInt(_t) : 0;
            for (var i = 0; i < _t; i++)
            {
                var isReal = (i - offset + _t) % _t < mix.FreshReal;
                var w = isReal ? _truth : _w;
                var row = _x.AsSpan(i * d, d);
                var y = sd * _rng.NextGaussian();
                for (var k = 0; k < d; k++) y += row[k] * w[k];
                for (var k = 0; k < d; k++) _xty[k] += row[k] * y;
            }
            if (!mix.Accumulate)
            {
                Array.Clear(_accGram);
                Array.Clear(_accXty);
            }
            for (var i = 0; i < _accGram.Length; i++) _accGram[i] += _gram[i];
            for (var k = 0; k < d; k++) _accXty[k] += _xty[k];
            Solve();
        }

        // Least squares by Cholesky of the accumulated Gram matrix.
        private void Solve()
        {
            var d = _d;
            for (var r = 0; r < d; r++)
            {
                for (var c = 0; c <= r; c++)
                {
                    var s = _accGram[r * d + c];
                    for (var k = 0; k < c; k++) s -= _chol[r * d + k] * _chol[c * d + k];
                    if (r == c)
                    {
                        if (!(s > 0)) throw new InvalidOperationException("the regression design is singular.");
                        _chol[r * d + r] = Math.Sqrt(s);
                    }
                    else _chol[r * d + c] = s / _chol[c * d + c];
                }
            }
            for (var r = 0; r < d; r++)
            {
                var s = _accXty[r];
                for (var k = 0; k < r; k++) s -= _chol[r * d + k] * _next[k];
                _next[r] = s / _chol[r * d + r];
            }
            for (var r = d - 1; r >= 0; r--)
            {
                var s = _next[r];
                for (var k = r + 1; k < d; k++) s -= _chol[k * d + r] * _w[k];
                _w[r] = s / _chol[r * d + r];
            }
        }
    }
}
