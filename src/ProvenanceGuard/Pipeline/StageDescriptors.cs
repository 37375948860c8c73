using System.Security.Cryptography;
using System.Text.Json;
using ProvenanceGuard.Records;

namespace ProvenanceGuard.Pipeline;

/// <summary>A stage's identity in lineage: its name, version and the hash of the parameters it ran with.</summary>
public sealed record StageDescriptor(string Stage, string Version, string ParametersHash)
{
    public LineageEvent Event(string decision) => new(Stage, Version, ParametersHash, decision);

    public static StageDescriptor Of(string stage, string version, object parameters) =>
        new(stage, version, Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(parameters)))[..16]);
}

/// <summary>The descriptors of every stage of one run, computed once (lineage events share them).</summary>
public sealed record StageDescriptors(
    StageDescriptor Ingest, StageDescriptor Normalize, StageDescriptor Detect, StageDescriptor Dedup, StageDescriptor Curate, StageDescriptor Emit,
    StageDescriptor? Fuse = null)
{
    public static StageDescriptors For(PipelineDefinition pipeline, string detectorName, string detectorVersion, string detectorDigest) => new(
        StageDescriptor.Of("ingest", "1", new { pipeline.Limits, Sources = pipeline.Sources.Select(s => new { s.Format, s.TextField, s.IdField }) }),
        StageDescriptor.Of("normalize", "1", new { form = "NFC", whitespace = "fold" }),
        StageDescriptor.Of("detect", $"{detectorName}@{detectorVersion}", new { model = detectorDigest }),
        DedupDescriptor(pipeline),
        StageDescriptor.Of("curate", "1", pipeline.Policy),
        StageDescriptor.Of("emit", "1", new { pipeline.Output.ShardFormat, pipeline.Output.ShardRows }),
        FuseDescriptor(pipeline));

    /// <summary>The fusion stage's settings; the watermark key enters only as its SHA-256, so lineage never carries the key.</summary>
    private static StageDescriptor? FuseDescriptor(PipelineDefinition pipeline) =>
        pipeline.Fusion is { } fusion
            ? StageDescriptor.Of("fuse", "1", fusion with { Watermark = fusion.Watermark is { } w ? w with { Key = KeyDigest(w.Key) } : null })
            : null;

    internal static string KeyDigest(string key) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)));

    private static StageDescriptor DedupDescriptor(PipelineDefinition pipeline) =>
        pipeline.Steps.FirstOrDefault(s => s.Type == "dedup") is { Method: "minhash" } step
            ? StageDescriptor.Of("dedup", "1", new { method = "minhash", key = "content_sha256", minhash = step.MinHash ?? new Curation.NearDuplicates.MinHashOptions() })
            : StageDescriptor.Of("dedup", "1", new { method = "exact", key = "content_sha256" });
}
