using System.Text.Json;
using System.Text.Json.Serialization;

namespace ProvenanceGuard.Provenance;

/// <summary>manifest.json: what a release is made of and how it was made (schema: schemas/manifest.schema.json).</summary>
public sealed record ReleaseManifest
{
    public int SchemaVersion { get; init; } = 1;
    public required string RunId { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required string CodeVersion { get; init; }
    public required PipelineEntry Pipeline { get; init; }
    public DetectorEntry? Detector { get; init; }
    public required Curation.CurationPolicy Policy { get; init; }
    public required IReadOnlyList<InputEntry> Inputs { get; init; }
    public required IReadOnlyList<ShardEntry> Shards { get; init; }
    public required FileEntry Rejected { get; init; }
    public required FileEntry DispositionsFile { get; init; }
    public required DispositionCounts Dispositions { get; init; }
    public required IReadOnlyDictionary<string, long> RejectedByReason { get; init; }
    public required SyntheticShare SyntheticShare { get; init; }
    public required int Tasks { get; init; }

    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}

public sealed record PipelineEntry(string Name, string ConfigSha256, int Seed);
public sealed record DetectorEntry(string Name, string Version, string ModelDigest);
public sealed record InputEntry(string Source, string Path, string Format, string Sha256, long Bytes, long Records);
/// <summary>
/// A shard: its digest and size, its composition (rows per source), and its synthetic share (rows flagged
/// synthetic / rows) with the 95% Wilson interval of that share; under the mixture quota also its binned LLRs.
/// </summary>
public sealed record ShardEntry(string File, string Sha256, long Bytes, long Rows, long FlaggedSynthetic, double? MeanPMachine,
    IReadOnlyDictionary<string, long>? RowsBySource = null, double? SyntheticShare = null, double? SyntheticShareLow = null, double? SyntheticShareHigh = null,
    Prevalence.LlrHistogram? LlrHistogram = null);
public sealed record FileEntry(string File, string Sha256, long Bytes, long Rows);

/// <summary>Every record in leaves as exactly one of kept, rejected or duplicate; <see cref="Conserved"/> states that it held.</summary>
public sealed record DispositionCounts(long In, long Kept, long Rejected, long Duplicate)
{
    public bool Conserved => In == Kept + Rejected + Duplicate;
}

/// <summary>
/// Share of records flagged synthetic (P(machine) at or above the threshold) among candidates before the quota, and among
/// kept records after it; with a trained detector whose card states its training lengths, how many scored candidates were
/// outside them (its scores, and the quota's correction, were measured at those lengths only).
/// </summary>
public sealed record SyntheticShare(double Threshold, double? Before, double? After, double? MeanPMachineBefore, double? MeanPMachineAfter,
    DetectorLengths? DetectorLengths = null);

/// <summary>Scored candidates, and those shorter or longer than 98% of the detector's training texts (<c>LowWords</c>-<c>HighWords</c> words).</summary>
public sealed record DetectorLengths(int LowWords, int HighWords, long Scored, long Outside);
