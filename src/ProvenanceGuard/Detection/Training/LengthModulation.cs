using ProvenanceGuard.Detection.Features;

namespace ProvenanceGuard.Detection.Training;

/// <summary>
/// The length that modulates the dense weights (<see cref="DenseTransform.Interaction"/>): which feature measures it, and the
/// standardised range it is held within, the 5th to 95th percentile of the training texts. A statistic over 40 words is
/// noisier than over 170, so its weight should depend on length; beyond the central lengths the weights are held where
/// the training data was dense, not extrapolated from its few extreme texts.
/// </summary>
public sealed record LengthModulation(int Feature, double Low, double High)
{
    public const string FeatureName = "log_tokens";

    public static int DefaultFeature { get; } = DenseFeatureLayout.IndexOf(FeatureName);

    public bool IsLengthFeature(int feature) => DenseFeatureLayout.Features[feature].Group == DenseFeatureLayout.Features[Feature].Group;

    public static LengthModulation Fit(DenseTransform transform, IReadOnlyList<double[]> rows)
    {
        var feature = DefaultFeature;
        var values = rows.Select(r => transform.Standardize(feature, r[feature])).Order().ToArray();
        return new LengthModulation(feature, values[(int)(0.05 * (values.Length - 1))], values[(int)(0.95 * (values.Length - 1))]);
    }
}
