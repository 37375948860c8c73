namespace ProvenanceGuard.Curation;

/// <summary>Reason codes for records the curator drops (ingestion's are in <see cref="Ingestion.RejectReason"/>).</summary>
public static class CurationReason
{
    public const string TooShort = "too_short";
    public const string LikelySynthetic = "likely_synthetic";
    public const string QuotaExceeded = "quota_exceeded";
}
