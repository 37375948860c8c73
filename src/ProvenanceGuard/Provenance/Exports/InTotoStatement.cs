using System.Text.Json.Nodes;

namespace ProvenanceGuard.Provenance.Exports;

/// <summary>
/// An in-toto Statement v1 with a SLSA provenance v1 predicate: the subjects are the shards (by SHA-256), the
/// resolved dependencies are the inputs and the detector model, the external parameters are the pipeline
/// identity. Sign it as a DSSE envelope (payload type <see cref="PayloadType"/>) to publish it.
/// </summary>
public static class InTotoStatement
{
    public const string FileName = "provenance.intoto.json";
    public const string EnvelopeFileName = "provenance.intoto.dsse.json";
    public const string PayloadType = "application/vnd.in-toto+json";

    public static JsonObject Build(ReleaseManifest manifest, DateTimeOffset finishedOn)
    {
        var subjects = new JsonArray();
        foreach (var shard in manifest.Shards)
            subjects.Add(new JsonObject { ["name"] = shard.File, ["digest"] = new JsonObject { ["sha256"] = shard.Sha256 } });

        var dependencies = new JsonArray();
        foreach (var input in manifest.Inputs)
            dependencies.Add(new JsonObject
            {
                ["uri"] = InputLocation.Of(input.Path).AbsoluteUri,
                ["name"] = input.Source,
                ["digest"] = new JsonObject { ["sha256"] = input.Sha256 },
            });
        if (manifest.Detector is { } detector)
            dependencies.Add(new JsonObject
            {
                ["uri"] = $"urn:provenanceguard:detector:{detector.Name}@{detector.Version}",
                ["digest"] = new JsonObject { ["sha256"] = detector.ModelDigest },
            });

        return new JsonObject
        {
            ["_type"] = "https://in-toto.io/Statement/v1",
            ["subject"] = subjects,
            ["predicateType"] = "https://slsa.dev/provenance/v1",
            ["predicate"] = new JsonObject
            {
                ["buildDefinition"] = new JsonObject
                {
                    ["buildType"] = "https://provenanceguard.dev/pipeline-run/v1",
                    ["externalParameters"] = new JsonObject
                    {
                        ["pipeline"] = manifest.Pipeline.Name,
                        ["configSha256"] = manifest.Pipeline.ConfigSha256,
                        ["seed"] = manifest.Pipeline.Seed,
                    },
                    ["internalParameters"] = new JsonObject { ["tasks"] = manifest.Tasks },
                    ["resolvedDependencies"] = dependencies,
                },
                ["runDetails"] = new JsonObject
                {
                    ["builder"] = new JsonObject { ["id"] = $"https://provenanceguard.dev/provguard@{manifest.CodeVersion}" },
                    ["metadata"] = new JsonObject
                    {
                        ["invocationId"] = manifest.RunId,
                        ["startedOn"] = manifest.CreatedAt.ToString("O"),
                        ["finishedOn"] = finishedOn.ToString("O"),
                    },
                },
            },
        };
    }
}
