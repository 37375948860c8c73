namespace ProvenanceGuard.Provenance.Fusion;

/// <summary>
/// What is known about one record besides its text: where and when it was published or crawled, a declared
/// generator, the watermark test, and the detector's log-likelihood ratio ln p(text | machine) / p(text | human)
/// (null or NaN when the detector abstained).
/// </summary>
public sealed record ProvenanceEvidence
{
    public string? Source { get; init; }
    public DateTimeOffset? PublishedAt { get; init; }
    public DateTimeOffset? CrawledAt { get; init; }
    /// <summary>A declared generator, e.g. a <c>generated_by</c> field.</summary>
    public string? GeneratedBy { get; init; }
    public bool WatermarkHit { get; init; }
    public double? WatermarkZ { get; init; }
    public double? DetectorLogLikelihoodRatio { get; init; }
}
