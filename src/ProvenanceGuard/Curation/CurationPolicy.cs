namespace ProvenanceGuard.Curation;

/// <summary>The mixing policy the curator enforces in every shard window.</summary>
public sealed record CurationPolicy
{
    /// <summary>At most this share of a shard's records may be flagged synthetic.</summary>
    public double MaxSyntheticShare { get; init; } = 0.10;
    /// <summary>A record counts as synthetic when its P(machine) is at least this.</summary>
    public double SyntheticThreshold { get; init; } = 0.5;
    /// <summary>Records with P(machine) at or above this are dropped as likely_synthetic whatever the quota; null disables.</summary>
    public double? RejectAbove { get; init; }
    /// <summary>Texts shorter than this (in characters, after normalization) are rejected as too_short.</summary>
    public int MinTextChars { get; init; } = 1;
}
