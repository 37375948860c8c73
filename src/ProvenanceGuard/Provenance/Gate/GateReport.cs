using System.Text.Json;
using System.Text.Json.Serialization;
using ProvenanceGuard.Curation;

namespace ProvenanceGuard.Provenance.Gate;

/// <summary>One reason the gate gives: a code, what it is about (a file, a shard, the signature), and a sentence. Notes inform and never fail.</summary>
public sealed record GateFinding(string Code, string Subject, string Message, bool Fails = true);

/// <summary>A shard as the gate recomputed it from its own rows (never from the manifest's numbers).</summary>
public sealed record ShardComposition(
    string File, long Rows, long FlaggedSynthetic, double? SyntheticShare, long Unscored, double? MeanPMachine,
    long LineageIncomplete, long ContentHashMismatches);

/// <summary>The signature as the gate saw it.</summary>
public sealed record SignatureStatus(bool Present, bool Verified, string? KeyId, string TrustedKeyId);

/// <summary>Dispositions recounted from dispositions.jsonl.gz.</summary>
public sealed record RecountedDispositions(long In, long Kept, long Rejected, long Duplicate)
{
    public bool Conserved => In == Kept + Rejected + Duplicate;
}

/// <summary>The simulator's verdict the gate found beside the release, if any.</summary>
public sealed record SimulationStatus(string File, string Status, bool Passed, double? MaxSyntheticShare);

/// <summary>The gate's answer for one release (schemas/gate-report.schema.json): pass or fail, and why.</summary>
public sealed record GateReport
{
    public required string Release { get; init; }
    public required bool Passed { get; init; }
    public required CurationPolicy Policy { get; init; }
    public required SignatureStatus Signature { get; init; }
    public required IReadOnlyList<ShardComposition> Shards { get; init; }
    public RecountedDispositions? Dispositions { get; init; }
    public long KeptRows { get; init; }
    public long KeptFlaggedSynthetic { get; init; }
    public double? KeptSyntheticShare { get; init; }
    public SimulationStatus? Simulation { get; init; }
    public required IReadOnlyList<GateFinding> Findings { get; init; }

    [JsonIgnore] public IEnumerable<GateFinding> Failures => Findings.Where(f => f.Fails);

    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
