using System.Text.Json.Serialization;

namespace ProvenanceGuard.Curation;

/// <summary>
/// The mixing policy the curator enforces in every shard window. The optional parts (strata, source caps, a
/// minimum of human records, the upper-bound option) are left out of the JSON when unset, so pipelines that do
/// not use them keep their configuration hashes.
/// </summary>
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

    /// <summary>What strata are made of: "source", or the name of a metadata field (e.g. "lang", "domain"). Null: no strata.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? StratumField { get; init; }
    /// <summary>At most this share of each stratum within a shard may be flagged synthetic (needs <see cref="StratumField"/>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? MaxSyntheticSharePerStratum { get; init; }
    /// <summary>At most this many records kept from a source, over the whole release; the rest are dropped as source_cap, least human-evidenced first.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, long>? SourceCaps { get; init; }
    /// <summary>The release must hold at least this many unflagged (human-evidenced) records; the gate checks it.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? MinHumanRecords { get; init; }
    /// <summary>"point" (default): shares are flagged / kept. "upper": the one-sided Wilson upper bound at <see cref="Confidence"/> must meet the maximum, which is stricter on small shards and strata.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ShareBound { get; init; }
    /// <summary>Confidence of the upper bound (default 0.95).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Confidence { get; init; }

    /// <summary>
    /// Tail protection: in each shard, flagged records of strata with fewer than this many kept records get the
    /// synthetic allowance first, so the quota squeezes common strata before rare ones (needs <see cref="StratumField"/>).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? StratumFloor { get; init; }
    /// <summary>
    /// Accumulate rather than replace: a previous release folder whose kept records are read again (after its
    /// manifest's digests are checked) ahead of the new inputs, so its real data stays in the new release.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? AccumulateFrom { get; init; }

    /// <summary>
    /// "flagged" (default): the quota counts flagged records. "upperBound": a shard keeps flagged records only while the
    /// Rogan-Gladen upper bound of its synthetic share, corrected with <see cref="DetectorRates"/>, stays within the maximum.
    /// "mixtureUpperBound": a shard keeps the largest set of records whose score-mixture upper bound (calibrated on
    /// <see cref="CalibrationModel"/>) stays within the maximum, the most machine-like records dropped first (<see cref="MixtureQuota"/>).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? QuotaBasis { get; init; }
    /// <summary>The detector's measured TPR/FPR at <see cref="SyntheticThreshold"/>, for <see cref="QuotaBasis"/> "upperBound".</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public MeasuredRates? DetectorRates { get; init; }

    /// <summary>The model card whose out-of-fold LLR histograms calibrate <see cref="QuotaBasis"/> "mixtureUpperBound" (the detector's own card).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CalibrationModel { get; init; }

    /// <summary>
    /// At most this share of the scored candidates may be shorter or longer than the detector's training texts, as the
    /// manifest counts them (<c>syntheticShare.detectorLengths</c>): the detector's rates, and so the synthetic share and
    /// the quotas corrected with them, hold for those lengths only. The gate checks it; a manifest without the count fails.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? MaxShareOutsideDetectorLengths { get; init; }

    [JsonIgnore] public bool UsesUpperBound => ShareBound == "upper";
    [JsonIgnore] public bool QuotaOnUpperBound => QuotaBasis == "upperBound";
    [JsonIgnore] public bool QuotaOnMixtureBound => QuotaBasis == "mixtureUpperBound";
}
