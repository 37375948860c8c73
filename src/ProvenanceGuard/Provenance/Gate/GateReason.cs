namespace ProvenanceGuard.Provenance.Gate;

/// <summary>
/// The gate's reason codes, one per way a release can fail to be what it claims (documented in
/// docs/curation-and-gate.md). Each tampering a user can do to a release maps to its own code.
/// </summary>
public static class GateReason
{
    // The signature and the manifest it covers.
    public const string SignatureMissing = "signature_missing";
    public const string SignatureMalformed = "signature_malformed";
    public const string SignaturePayloadType = "signature_payload_type";
    public const string SignatureUntrustedKey = "signature_untrusted_key";
    public const string SignatureInvalid = "signature_invalid";
    public const string ManifestMissing = "manifest_missing";
    public const string ManifestModified = "manifest_modified";
    public const string ManifestMalformed = "manifest_malformed";

    // The files the manifest lists.
    public const string FilePathInvalid = "file_path_invalid";
    public const string FileMissing = "file_missing";
    public const string FileRenamed = "file_renamed";
    public const string FileUnlisted = "file_unlisted";
    public const string FileSizeMismatch = "file_size_mismatch";
    public const string FileDigestMismatch = "file_digest_mismatch";
    public const string FileRowCountMismatch = "file_row_count_mismatch";
    public const string FileUnreadable = "file_unreadable";
    public const string ShardFormatUnsupported = "shard_format_unsupported";

    // What the shards hold, recomputed from their rows.
    public const string SyntheticShareExceeded = "synthetic_share_exceeded";
    public const string LikelySyntheticKept = "likely_synthetic_kept";
    public const string TooShortKept = "too_short_kept";
    public const string LineageIncomplete = "lineage_incomplete";
    public const string ContentHashMismatch = "content_hash_mismatch";
    public const string ManifestCompositionMismatch = "manifest_composition_mismatch";
    public const string StratumShareExceeded = "stratum_share_exceeded";
    public const string SourceCapExceeded = "source_cap_exceeded";
    public const string HumanRecordsBelowMinimum = "human_records_below_minimum";
    public const string DetectorLengthsExceeded = "detector_lengths_exceeded";
    public const string DetectorLengthsUnknown = "detector_lengths_unknown";

    // Conservation: every record in left exactly once.
    public const string ConservationBroken = "conservation_broken";
    public const string DispositionCountsMismatch = "disposition_counts_mismatch";

    // The policy and the simulator's verdict on it.
    public const string ReleasePolicyLooser = "release_policy_looser";
    public const string SimulationFailed = "simulation_failed";
    public const string SimulationPolicyMismatch = "simulation_policy_mismatch";
    public const string SimulationMalformed = "simulation_malformed";
    public const string SimulationMissing = "simulation_missing";
}
