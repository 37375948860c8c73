using ProvenanceGuard.Detection.Features;

namespace ProvenanceGuard.Detection.Training;

/// <summary>Everything that decides a trained detector besides its data.</summary>
/// <param name="DenseL2Multiplier">Penalty multiplier for dense (linear + bin) weights.</param>
/// <param name="SparseL2Multiplier">Penalty multiplier for hashed n-gram weights.</param>
/// <param name="Folds">Grouped cross-validation folds (calibration and reported metrics come from out-of-fold scores).</param>
/// <param name="DenseBins">Quantile bins per dense feature.</param>
/// <param name="TargetFpr">False-positive rate the stored threshold is chosen for.</param>
/// <param name="BaseRate">Share of machine text assumed when turning the log-likelihood ratio into P(machine).</param>
/// <param name="ExcludedDenseGroups">Dense signal groups left out (ablation).</param>
/// <param name="UseSparse">False leaves the hashed n-grams out of the classifier (ablation).</param>
/// <param name="GroupField">Field that clusters related texts; folds never split a group.</param>
/// <param name="LogCountRatioSmoothing">Add-α smoothing of the NB-SVM log-count-ratio scaling of hashed n-grams; 0 = no scaling.</param>
/// <param name="PairedWeight">Share of the loss on machine-minus-human differences within each group (<see cref="PairedDifferences"/>); 0 = single texts only, 1 = differences only.</param>
/// <param name="Boosting">Gradient-boosted trees over the dense features, stacked into the linear model as one extra input; null = none.</param>
/// <param name="LengthInteractions">Adds each dense feature times the text's length as a term (<see cref="LengthModulation"/>), so its weight can change with length; off by default: it gains on dev's narrow lengths and loses on longer and shorter texts (docs/detector.md).</param>
public sealed record TrainingOptions(
    FeatureOptions Features,
    LogisticRegressionOptions Regression,
    double DenseL2Multiplier = 10,
    double SparseL2Multiplier = 0.1,
    int Folds = 5,
    int DenseBins = 8,
    double TargetFpr = 0.01,
    double BaseRate = 0.5,
    IReadOnlyList<string>? ExcludedDenseGroups = null,
    string GroupField = "group",
    int Seed = 17,
    int Threads = 2,
    bool UseSparse = true,
    double LogCountRatioSmoothing = 0,
    BoostingOptions? Boosting = null,
    double PairedWeight = 0.5,
    bool LengthInteractions = false)
{
    public static TrainingOptions Default { get; } = new(new FeatureOptions(), new LogisticRegressionOptions());
}
