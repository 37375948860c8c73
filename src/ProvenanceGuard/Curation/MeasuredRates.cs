using System.Text.Json.Serialization;

namespace ProvenanceGuard.Curation;

/// <summary>A detector's TPR and FPR at the policy's threshold as configured, with the sample sizes they were measured on.</summary>
public sealed record MeasuredRates
{
    public double Tpr { get; init; }
    public double Fpr { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? TprSamples { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? FprSamples { get; init; }

    public Provenance.Prevalence.DetectorErrorRates ToErrorRates() => new(Tpr, Fpr, TprSamples, FprSamples);
}
