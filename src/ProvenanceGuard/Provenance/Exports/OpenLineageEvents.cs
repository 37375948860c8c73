using System.Text;
using System.Text.Json.Nodes;

namespace ProvenanceGuard.Provenance.Exports;

/// <summary>
/// OpenLineage RunEvents for a release (START, then COMPLETE, or FAIL for a release whose conservation check
/// failed), with the inputs and shards as datasets and a custom facet carrying the synthetic share.
/// </summary>
public static class OpenLineageEvents
{
    public const string FileName = "openlineage.jsonl";
    public const string Producer = "https://provenanceguard.dev/provguard";
    private const string SchemaUrl = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent";

    public static IReadOnlyList<JsonObject> Build(ReleaseManifest manifest, string releaseDirectory, DateTimeOffset finishedAt)
    {
        var runId = Guid.TryParseExact(manifest.RunId, "N", out var guid) || Guid.TryParse(manifest.RunId, out guid)
            ? guid.ToString("D")
            : new Guid(System.Security.Cryptography.MD5.HashData(Encoding.UTF8.GetBytes(manifest.RunId))).ToString("D");
        JsonObject Event(string type, DateTimeOffset time, bool withOutputs) => new()
        {
            ["eventType"] = type,
            ["eventTime"] = time.ToString("O"),
            ["producer"] = Producer,
            ["schemaURL"] = SchemaUrl,
            ["run"] = new JsonObject { ["runId"] = runId },
            ["job"] = new JsonObject { ["namespace"] = "provenanceguard", ["name"] = manifest.Pipeline.Name },
            ["inputs"] = new JsonArray(manifest.Inputs.Select(i => InputLocation.OpenLineageDataset(i.Path))
                .Select(d => (JsonNode)new JsonObject { ["namespace"] = d.Namespace, ["name"] = d.Name }).ToArray()),
            ["outputs"] = withOutputs ? Outputs(manifest, releaseDirectory) : new JsonArray(),
        };
        var end = manifest.Dispositions.Conserved ? "COMPLETE" : "FAIL";
        return [Event("START", manifest.CreatedAt, false), Event(end, finishedAt, true)];
    }

    private static JsonArray Outputs(ReleaseManifest manifest, string releaseDirectory)
    {
        var share = manifest.SyntheticShare;
        var outputs = new JsonArray();
        foreach (var shard in manifest.Shards)
            outputs.Add(new JsonObject
            {
                ["namespace"] = "file",
                ["name"] = Path.GetFullPath(Path.Combine(releaseDirectory, shard.File)),
                ["facets"] = new JsonObject
                {
                    ["provenanceguard_syntheticShare"] = new JsonObject
                    {
                        ["_producer"] = Producer,
                        ["_schemaURL"] = "https://provenanceguard.dev/schemas/openlineage-synthetic-share-facet.json",
                        ["rows"] = shard.Rows,
                        ["flaggedSynthetic"] = shard.FlaggedSynthetic,
                        ["share"] = shard.Rows == 0 ? 0 : (double)shard.FlaggedSynthetic / shard.Rows,
                        ["threshold"] = share.Threshold,
                        ["maxSyntheticShare"] = manifest.Policy.MaxSyntheticShare,
                    },
                },
            });
        return outputs;
    }
}
