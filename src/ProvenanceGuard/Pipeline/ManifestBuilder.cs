using System.Reflection;
using ProvenanceGuard.Ingestion;
using ProvenanceGuard.Provenance;

namespace ProvenanceGuard.Pipeline;

/// <summary>Assembles manifest.json from what the release writer produced and what the inputs are.</summary>
internal static class ManifestBuilder
{
    public static string CodeVersion =>
        typeof(ManifestBuilder).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public static ReleaseManifest Build(LoadedPipeline pipeline, RunOptions options, DetectorEntry? detector, IReadOnlyList<InputFile> inputs,
        IReadOnlyList<string> inputDigests, ReleaseContents contents, int tasks)
    {
        var tally = contents.Tally;
        var definition = pipeline.Definition;
        return new ReleaseManifest
        {
            RunId = options.RunId,
            CreatedAt = options.Clock.GetUtcNow(),
            CodeVersion = CodeVersion,
            Pipeline = new PipelineEntry(definition.Name, pipeline.ConfigSha256, definition.Seed),
            Detector = detector,
            Policy = definition.Policy,
            Inputs = inputs.Select(i => new InputEntry(i.Source, i.Path, FormatName(i.Format), inputDigests[i.Index], i.Length,
                contents.RecordsByInput.GetValueOrDefault(i.Index))).ToList(),
            Shards = contents.Shards.Select(s =>
            {
                var (low, high) = Audit.WilsonInterval.Of(s.Flagged, s.Info.Rows);
                return new ShardEntry(s.Info.File, s.Info.Sha256, s.Info.Bytes, s.Info.Rows, s.Flagged, s.MeanPMachine, s.RowsBySource,
                    s.Info.Rows == 0 ? null : (double)s.Flagged / s.Info.Rows, low, high, s.LlrHistogram);
            }).ToList(),
            Rejected = ToEntry(contents.Rejected),
            DispositionsFile = ToEntry(contents.Dispositions),
            Dispositions = new DispositionCounts(tally.In, tally.Kept, tally.Rejected, tally.Duplicate),
            RejectedByReason = tally.RejectedByReason,
            SyntheticShare = new SyntheticShare(definition.Policy.SyntheticThreshold, tally.SyntheticShareBefore, tally.SyntheticShareAfter,
                tally.Scored == 0 ? null : tally.ScoredPMachineSum / tally.Scored,
                tally.KeptScored == 0 ? null : tally.KeptPMachineSum / tally.KeptScored,
                tally.DetectorLengths is { } band ? new DetectorLengths(band.LowWords, band.HighWords, tally.Scored, tally.ScoredOutsideDetectorLengths) : null),
            Tasks = tasks,
        };
    }

    public static string FormatName(InputFormat format) => format switch
    {
        InputFormat.Jsonl => "jsonl",
        InputFormat.JsonlGzip => "jsonl.gz",
        InputFormat.JsonlZstd => "jsonl.zst",
        InputFormat.Csv => "csv",
        InputFormat.Parquet => "parquet",
        _ => "txt",
    };

    private static FileEntry ToEntry(Curation.Shards.ShardInfo info) => new(info.File, info.Sha256, info.Bytes, info.Rows);
}
