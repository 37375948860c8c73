namespace ProvenanceGuard.Curation;

/// <summary>Reason codes for records the curator drops (ingestion's are in <see cref="Ingestion.RejectReason"/>).</summary>
public static class CurationReason
{
    public const string TooShort = "too_short";
    public const string LikelySynthetic = "likely_synthetic";
    public const string QuotaExceeded = "quota_exceeded";
    /// <summary>Flagged records beyond a stratum's own maximum share within the shard.</summary>
    public const string StratumQuotaExceeded = "stratum_quota_exceeded";
    /// <summary>Records beyond their source's cap on kept records.</summary>
    public const string SourceCap = "source_cap";

    /// <summary>Reasons for which a record competed for a place and lost (it counts as a candidate in the synthetic shares).</summary>
    public static bool IsSelection(string? reason) => reason is QuotaExceeded or LikelySynthetic or StratumQuotaExceeded or SourceCap;
}
