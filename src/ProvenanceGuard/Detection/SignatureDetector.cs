using System.Runtime.CompilerServices;
using ProvenanceGuard.Detection.Features;
using ProvenanceGuard.Detection.Training;

namespace ProvenanceGuard.Detection;

/// <summary>One term of a score's explanation: a named feature group or feature and how many nats it added.</summary>
public readonly record struct Contribution(string Feature, double Value);

/// <summary>
/// The trained statistical detector: reference-model surprisal, stylometric statistics and hashed
/// n-grams combined by a calibrated logistic regression (from 2.2.0 optionally with a stacked boosted-tree margin). Immutable and thread-safe; scoring allocates
/// nothing on the managed heap beyond pooled scratch.
/// </summary>
public sealed class SignatureDetector : IMachineTextScorer
{
    private readonly TextFeaturizer _featurizer;
    private readonly DetectorParameters _parameters;
    private readonly float[] _sparse;
    private readonly DenseTransform _dense;
    private readonly int _bins;
    private readonly FlatTreeEnsemble? _trees;
    private readonly bool[] _modulated;

    public SignatureDetector(DetectorParameters parameters, TextFeaturizer featurizer, string modelDigest)
    {
        parameters.Validate();
        if (featurizer.Options != parameters.Features) throw new ArgumentException("Featurizer options differ from the model's.", nameof(featurizer));
        if (featurizer.Spoken.SourceDigest != (parameters.Spoken?.SourceDigest ?? "") || featurizer.Spoken.Count != (parameters.Spoken?.Count ?? 0))
            throw new ArgumentException("Featurizer's spoken reference differs from the model's.", nameof(featurizer));
        if (featurizer.Syntax is null && parameters.UsesGroup(DenseFeatureLayout.SyntaxGroup))
            throw new ArgumentException("The model uses the syntax reference; the featurizer has none.", nameof(featurizer));
        _parameters = parameters;
        _featurizer = featurizer;
        _sparse = parameters.SparseWeights;
        _dense = parameters.Dense;
        _bins = _dense.BinsPerFeature;
        _modulated = Enumerable.Range(0, _dense.Count).Select(_dense.Modulates).ToArray();
        _trees = parameters.Trees is null ? null : new FlatTreeEnsemble(parameters.Trees);
        ModelDigest = modelDigest;
    }

    public string Name => _parameters.Name;
    public string Version => _parameters.Version;
    public string ModelDigest { get; }
    public DetectorParameters Parameters => _parameters;
    public TextFeaturizer Featurizer => _featurizer;
    public double ThresholdLlr => _parameters.ThresholdLlr;

    /// <summary>A text much longer than the training texts is scored in windows (<see cref="ScoringWindows"/>): the mean of their raw scores, calibrated.</summary>
    public DetectorScore Score(ReadOnlySpan<char> text)
    {
        double raw;
        if (Windowed(text, out var judged, out var words, out var count))
        {
            double sum = 0;
            var scored = 0;
            foreach (var window in ScoringWindows.Split(judged, words, count))
            {
                if (!TryRawScore(window, skipOpening: false, out var windowRaw)) continue;
                sum += windowRaw;
                scored++;
            }
            if (scored == 0) return DetectorScore.TooShortToJudge;
            raw = sum / scored;
        }
        else if (!TryRawScore(text, skipOpening: true, out raw)) return DetectorScore.TooShortToJudge;
        var llr = _parameters.Calibration.LogLikelihoodRatio(raw);
        return new DetectorScore(PlattCalibrator.Probability(llr, _parameters.BaseRate), llr, false);
    }

    /// <summary>
    /// The largest contributions (in log-likelihood-ratio nats, after calibration) to a text's score; empty when too short.
    /// For a text scored in windows, each term and each feature value shown is its mean over the windows.
    /// </summary>
    public IReadOnlyList<Contribution> Explain(ReadOnlySpan<char> text, int top = 8)
    {
        var sums = new double[2 + DenseFeatureLayout.Count]; // the hashed n-grams, the trees, then each dense feature
        var values = new double[DenseFeatureLayout.Count];
        var scored = 0;
        if (Windowed(text, out var judged, out var words, out var count))
        {
            foreach (var window in ScoringWindows.Split(judged, words, count))
                if (AddContributions(window, skipOpening: false, sums, values)) scored++;
        }
        else if (AddContributions(text, skipOpening: true, sums, values)) scored++;
        if (scored == 0) return [];
        var scale = _parameters.Calibration.Slope / scored;
        var terms = new List<Contribution> { new("hashed word and character n-grams", scale * sums[0]) };
        if (_parameters.Trees is not null) terms.Add(new("boosted trees over the dense features", scale * sums[1]));
        for (var f = 0; f < values.Length; f++)
            if (_dense.Active[f]) terms.Add(new($"{DenseFeatureLayout.Features[f].Name}={values[f] / scored:G4}", scale * sums[2 + f]));
        return terms.OrderByDescending(t => Math.Abs(t.Value)).Take(top).ToList();
    }

    private bool Windowed(ReadOnlySpan<char> text, out ReadOnlySpan<char> judged, out int words, out int count)
    {
        if (_parameters.Windows is { } windows) return windows.Applies(_featurizer, text, out judged, out words, out count);
        judged = text;
        words = 0;
        count = 1;
        return false;
    }

    private bool TryRawScore(ReadOnlySpan<char> text, bool skipOpening, out double raw)
    {
        Span<double> dense = stackalloc double[DenseFeatureLayout.Count];
        var sink = new DotProductSink(_sparse);
        raw = 0;
        if (!_featurizer.Extract(text, dense, ref sink, skipOpening)) return false;
        raw = _parameters.Bias + sink.Sum;
        var length = _dense.LengthTerm(dense);
        for (var f = 0; f < dense.Length; f++)
        {
            if (!_dense.Active[f]) continue;
            raw += _parameters.DenseWeights[f] * _dense.Standardize(f, dense[f]);
            raw += _parameters.BinWeights[f * _bins + _dense.Bin(f, dense[f])];
            if (_modulated[f]) raw += _parameters.InteractionWeights![f] * _dense.Interaction(f, dense[f], length);
        }
        if (_trees is not null) raw += _parameters.TreeWeight * _trees.Margin(dense);
        return true;
    }

    private bool AddContributions(ReadOnlySpan<char> text, bool skipOpening, double[] sums, double[] values)
    {
        var dense = new double[DenseFeatureLayout.Count];
        var sink = new DotProductSink(_sparse);
        if (!_featurizer.Extract(text, dense, ref sink, skipOpening)) return false;
        sums[0] += sink.Sum;
        if (_parameters.Trees is { } trees) sums[1] += _parameters.TreeWeight * trees.Margin(dense);
        var length = _dense.LengthTerm(dense);
        for (var f = 0; f < dense.Length; f++)
        {
            if (!_dense.Active[f]) continue;
            var value = _parameters.DenseWeights[f] * _dense.Standardize(f, dense[f]) + _parameters.BinWeights[f * _bins + _dense.Bin(f, dense[f])];
            if (_modulated[f]) value += _parameters.InteractionWeights![f] * _dense.Interaction(f, dense[f], length);
            sums[2 + f] += value;
            values[f] += dense[f];
        }
        return true;
    }

    private struct DotProductSink(float[] weights) : ISparseFeatureSink
    {
        public double Sum;

        public void Add(ReadOnlySpan<int> indices, float value)
        {
            // Four running sums, so an addition need not wait for the one before it. The terms are floats, whose sum a
            // double usually holds exactly, so the grouping seldom changes a bit of the score (on dev: no text's).
            var w = weights;
            double a = 0, b = 0, c = 0, d = 0;
            var i = 0;
            for (; i + 4 <= indices.Length; i += 4)
            {
                a += w[indices[i]] * value;
                b += w[indices[i + 1]] * value;
                c += w[indices[i + 2]] * value;
                d += w[indices[i + 3]] * value;
            }
            for (; i < indices.Length; i++) a += w[indices[i]] * value;
            Sum += (a + b) + (c + d);
        }
    }
}
