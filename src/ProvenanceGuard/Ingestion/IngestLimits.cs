namespace ProvenanceGuard.Ingestion;

/// <summary>Validation limits for input (bound from configuration section "Limits").</summary>
public sealed record IngestLimits
{
    /// <summary>A record (line, CSV row or file) larger than this is rejected as <c>too_large</c>.</summary>
    public long MaxRecordBytes { get; init; } = 10 * 1024 * 1024;
    /// <summary>Decompressed bytes per compressed byte beyond which a file is cut off (zip-bomb guard).</summary>
    public double MaxDecompressionRatio { get; init; } = 200;
    /// <summary>The ratio is only checked once this many bytes were decompressed (small files compress well legitimately).</summary>
    public long DecompressionRatioGraceBytes { get; init; } = 16 * 1024 * 1024;
    /// <summary>How much of a rejected record's raw bytes the rejected file keeps, so nothing is lost silently.</summary>
    public int RejectedSampleBytes { get; init; } = 4096;
}
