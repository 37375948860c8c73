using System.Text.Json;
using System.Text.Json.Serialization;
using ProvenanceGuard.Pipeline;
using ProvenanceGuard.Provenance;

namespace ProvenanceGuard.Cli.Output;

/// <summary>The --json summary of run, demo and merge (schema: schemas/run-summary.schema.json).</summary>
internal sealed record RunSummary(
    string Command,
    string Release,
    string? Pipeline,
    DispositionSummary? Dispositions,
    IReadOnlyDictionary<string, long>? RejectedByReason,
    SyntheticShare? SyntheticShare,
    int Shards,
    long InputBytes,
    double Seconds,
    double MegabytesPerSecond,
    double RecordsPerSecond,
    long PeakMemoryBytes,
    double CpuSeconds,
    LineageSummary? Lineage,
    TaskSummary? Task,
    DemoTruth? DemoTruth)
{
    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static RunSummary From(string command, RunResult result, TaskSummary? task = null, DemoTruth? truth = null)
    {
        var m = result.Manifest;
        var seconds = Math.Max(result.Elapsed.TotalSeconds, 1e-9);
        return new RunSummary(command, Path.GetFullPath(result.Directory), m?.Pipeline.Name,
            m is null ? null : new DispositionSummary(m.Dispositions.In, m.Dispositions.Kept, m.Dispositions.Rejected, m.Dispositions.Duplicate, m.Dispositions.Conserved),
            m?.RejectedByReason, m?.SyntheticShare, m?.Shards.Count ?? 0, result.InputBytes, Math.Round(seconds, 3),
            Math.Round(result.InputBytes / 1e6 / seconds, 2), Math.Round(result.Records / seconds, 1),
            System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64,
            Math.Round(System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds, 3),
            result.Lineage is { } l ? new LineageSummary(l.Database, l.Records, l.Events, Math.Round(l.Elapsed.TotalSeconds, 3), Math.Round(l.RecordsPerSecond, 1)) : null,
            task, truth);
    }
}

/// <summary>lineage.db, built after the release: how much and how fast (not part of the run's throughput).</summary>
internal sealed record LineageSummary(string Store, long Records, long Events, double Seconds, double RecordsPerSecond);

/// <summary>The disposition counts under the names scripts rely on: in, kept, rejected, duplicate.</summary>
internal sealed record DispositionSummary(long In, long Kept, long Rejected, long Duplicate, bool Conserved);

/// <summary>What a partitioned task did: its rank, and splits written now or found done.</summary>
internal sealed record TaskSummary(int Rank, int World, bool SkippedBecauseComplete, int SplitsWritten, int SplitsSkipped, long Records);

/// <summary>Demo only: the true machine share, known by construction, before and after curation.</summary>
internal sealed record DemoTruth(long MachineIn, long HumanIn, double MachineShareIn, long MachineKept, long HumanKept, double MachineShareKept,
    int ExactDuplicatesInjected, int NearDuplicatesInjected, int BrokenRecordsInjected, int MachineDocuments, int MachineWatermarkHits, int HumanDocuments,
    int HumanWatermarkHits);
