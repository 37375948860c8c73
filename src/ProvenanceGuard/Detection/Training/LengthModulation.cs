using ProvenanceGuard.Detection.Features;

namespace ProvenanceGuard.Detection.Training;

/// <summary>
/// The length that modulates the dense weights (<see cref="DenseTransform.Interaction"/>): which feature measures it, and the
/// standardised range the training texts spanned. A statistic over 40 words is noisier than over 170, so its weight
/// should depend on length; beyond the trained range the weights are held where training left them, not extrapolated.
/// </summary>
public sealed record LengthModulation(int Feature, double Low, double High)
{
    public const string FeatureName = "log_tokens";

    public static int DefaultFeature { get; } = IndexOf(FeatureName);

    public bool IsLengthFeature(int feature) => DenseFeatureLayout.Features[feature].Group == DenseFeatureLayout.Features[Feature].Group;

    public static LengthModulation Fit(DenseTransform transform, IReadOnlyList<double[]> rows)
    {
        var feature = DefaultFeature;
        var values = rows.Select(r => transform.Standardize(feature, r[feature])).ToList();
        return new LengthModulation(feature, values.Min(), values.Max());
    }

    public static int IndexOf(string name)
    {
        for (var f = 0; f < DenseFeatureLayout.Count; f++)
            if (DenseFeatureLayout.Features[f].Name == name) return f;
        throw new InvalidDataException($"No dense feature named '{name}'.");
    }
}
