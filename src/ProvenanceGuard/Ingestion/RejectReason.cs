namespace ProvenanceGuard.Ingestion;

/// <summary>The reason codes a record can be rejected for at ingestion. Stable strings: they appear in outputs.</summary>
public static class RejectReason
{
    public const string MalformedJson = "malformed_json";
    public const string InvalidUtf8 = "invalid_utf8";
    public const string MissingText = "missing_text";
    public const string EmptyText = "empty_text";
    public const string TooLarge = "too_large";
    public const string TruncatedInput = "truncated_input";
    public const string DecompressionRatioExceeded = "decompression_ratio_exceeded";
    public const string MalformedCsv = "malformed_csv";
    public const string UnreadableInput = "unreadable_input";
}
