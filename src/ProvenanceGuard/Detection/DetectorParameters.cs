using ProvenanceGuard.Detection.Features;
using ProvenanceGuard.Detection.Reference;
using ProvenanceGuard.Detection.Training;

namespace ProvenanceGuard.Detection;

/// <summary>Everything a trained detector needs to score, exactly as saved in the model file.</summary>
/// <param name="ReferenceDigest">SHA-256 of the reference corpus the n-gram model is rebuilt from at load time.</param>
/// <param name="ThresholdLlr">Log-likelihood ratio above which a text is called machine (chosen for <paramref name="TargetFpr"/> on out-of-fold human scores).</param>
/// <param name="BaseRate">Prior share of machine text used for <see cref="DetectorScore.PMachine"/>.</param>
/// <param name="Spoken">The second reference (spoken-English word frequencies), stored in the model itself; null = none.</param>
/// <param name="Trees">Boosted trees over the dense features whose margin, times <paramref name="TreeWeight"/>, adds to the raw score; null = none (models before 2.2.0).</param>
/// <param name="InteractionWeights">Weight of each dense feature's length interaction (<see cref="DenseTransform.Interaction"/>); null when <see cref="DenseTransform.Length"/> is (a model trained without `--length-interactions`).</param>
/// <param name="Trigram">The trigram reference the model was trained with (read from its file at load time and checked against this digest); null = none (models before 2.3.0).</param>
/// <param name="Windows">How a text much longer than the training texts is scored; null = whole (models before 2.4.0).</param>
public sealed record DetectorParameters(
    string Name,
    string Version,
    FeatureOptions Features,
    string ReferenceDigest,
    string ReferenceDescription,
    IReadOnlyList<string> ReferenceExtraFiles,
    DenseTransform Dense,
    double Bias,
    double[] DenseWeights,
    double[] BinWeights,
    float[] SparseWeights,
    PlattCalibrator Calibration,
    double ThresholdLlr,
    double TargetFpr,
    double BaseRate,
    SpokenWordFrequencies? Spoken = null,
    BoostedTrees? Trees = null,
    double TreeWeight = 0,
    TrigramReferenceRecord? Trigram = null,
    double[]? InteractionWeights = null,
    ScoringWindows? Windows = null)
{
    public static DetectorParameters From(FittedClassifier fitted, FeatureOptions features, string referenceDigest, string referenceDescription,
        IReadOnlyList<string> extraFiles, PlattCalibrator calibration, double thresholdLlr, double targetFpr, double baseRate, string version,
        SpokenWordFrequencies? spoken = null, TrigramReference? trigram = null, ScoringWindows? windows = null)
    {
        var layout = fitted.Layout;
        var w = fitted.Weights;
        var d = layout.Transform.Count;
        // A scaled bucket's weight is stored pre-multiplied by its scale, so scoring stays one lookup per occurrence.
        var scale = layout.SparseScale;
        float SparseWeight(int j) => (float)(scale is null ? w[layout.SparseOffset + j] : w[layout.SparseOffset + j] * scale[j]);
        return new DetectorParameters("signature-lr", version, features, referenceDigest, referenceDescription, extraFiles, layout.Transform,
            w[0], w[layout.DenseOffset..(layout.DenseOffset + d)], w[layout.BinOffset..layout.InteractionOffset],
            layout.IncludesSparse ? Enumerable.Range(0, features.SparseSize).Select(SparseWeight).ToArray() : new float[features.SparseSize], calibration, thresholdLlr, targetFpr, baseRate,
            spoken is null || spoken.Count == 0 ? null : spoken,
            fitted.Trees, fitted.Trees is null ? 0 : w[layout.TreeMarginOffset],
            trigram is null ? null : new TrigramReferenceRecord(trigram.SourceDigest, trigram.Description),
            layout.Transform.Length is null ? null : w[layout.InteractionOffset..layout.SparseOffset], windows);
    }

    /// <summary>Whether any feature of the dense signal group <paramref name="group"/> is active (so scoring needs what computes it).</summary>
    public bool UsesGroup(string group) => DenseFeatureLayout.Features.Where((f, i) => f.Group == group && Dense.Active[i]).Any();

    public void Validate()
    {
        var d = DenseFeatureLayout.Count;
        if (Dense.Count != d || DenseWeights.Length != d || BinWeights.Length != d * Dense.BinsPerFeature || Dense.Active.Length != d)
            throw new InvalidDataException($"Model dense section does not match this build's {d} dense features.");
        if (SparseWeights.Length != Features.SparseSize)
            throw new InvalidDataException($"Model has {SparseWeights.Length} sparse weights; its feature options need {Features.SparseSize}.");
        if (BaseRate is <= 0 or >= 1) throw new InvalidDataException($"Model base rate {BaseRate} is not within (0, 1).");
        if (Trigram is null && UsesGroup(DenseFeatureLayout.TrigramGroup))
            throw new InvalidDataException("Model uses trigram-reference features but names no trigram reference.");
        if ((Dense.Length is null) != (InteractionWeights is null) || InteractionWeights is { } v && v.Length != d)
            throw new InvalidDataException($"Model length interactions need one weight per dense feature ({d}) and a length range, or neither.");
        if (Dense.Length is { } length && (length.Feature < 0 || length.Feature >= d || !(length.Low <= length.High)))
            throw new InvalidDataException($"Model length interactions: feature {length.Feature} or range [{length.Low}, {length.High}] is out of range.");
        if (Windows is { Words: < 1 }) throw new InvalidDataException($"Model scoring windows of {Windows.Words} words: must be at least 1.");
        Trees?.Validate(d);
        if (!double.IsFinite(TreeWeight)) throw new InvalidDataException("Model tree weight is not finite.");
    }
}

/// <summary>Which trigram reference file a model needs: its SHA-256 and what it is.</summary>
public sealed record TrigramReferenceRecord(string Digest, string Description);
