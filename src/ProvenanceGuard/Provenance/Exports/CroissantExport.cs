using System.Text.Json.Nodes;

namespace ProvenanceGuard.Provenance.Exports;

/// <summary>
/// MLCommons Croissant 1.1 JSON-LD for a release: the shards as FileObjects with their SHA-256, one record set
/// whose fields point into the shards, PROV-O derivation from the inputs, and the RAI fields for data
/// collection and preprocessing, stating the synthetic share the curator measured and enforced.
/// </summary>
public static class CroissantExport
{
    public const string FileName = "croissant.jsonld";

    private static readonly (string Name, string Type, string Description)[] Fields =
    [
        ("id", "sc:Text", "Record id (the input's id field, else FILE:LINE)."),
        ("text", "sc:Text", "Normalized text (Unicode NFC, white space folded)."),
        ("source", "sc:Text", "The pipeline source the record came from."),
        ("content_sha256", "sc:Text", "SHA-256 of the UTF-8 text."),
        ("p_machine", "sc:Float", "Detector probability that the text is machine-generated."),
        ("origin_file", "sc:Text", "Input file the record was read from."),
        ("origin_line", "sc:Integer", "Line (or row) in the input file."),
    ];

    public static JsonObject Build(ReleaseManifest manifest)
    {
        var distribution = new JsonArray();
        foreach (var shard in manifest.Shards)
            distribution.Add(new JsonObject
            {
                ["@type"] = "cr:FileObject",
                ["@id"] = shard.File,
                ["name"] = shard.File,
                ["contentUrl"] = shard.File,
                ["contentSize"] = $"{shard.Bytes} B",
                ["encodingFormat"] = EncodingFormat(shard.File),
                ["sha256"] = shard.Sha256,
            });

        var fields = new JsonArray();
        foreach (var (name, type, description) in Fields)
            fields.Add(new JsonObject
            {
                ["@type"] = "cr:Field",
                ["@id"] = $"records/{name}",
                ["name"] = name,
                ["description"] = description,
                ["dataType"] = type,
                ["source"] = new JsonObject { ["fileSet"] = new JsonObject { ["@id"] = "shards" }, ["extract"] = new JsonObject { ["column"] = name } },
            });
        var extension = manifest.Shards.Count > 0 && manifest.Shards[0].File.EndsWith(".parquet", StringComparison.Ordinal) ? ".parquet" : ".jsonl.gz";
        distribution.Add(new JsonObject
        {
            ["@type"] = "cr:FileSet",
            ["@id"] = "shards",
            ["name"] = "shards",
            ["encodingFormat"] = EncodingFormat(extension),
            ["includes"] = "shards/*" + extension,
        });

        var share = manifest.SyntheticShare;
        var derivedFrom = new JsonArray();
        foreach (var input in manifest.Inputs)
            derivedFrom.Add(new JsonObject { ["@id"] = InputLocation.Of(input.Path).AbsoluteUri, ["name"] = input.Source, ["sha256"] = input.Sha256 });

        return new JsonObject
        {
            ["@context"] = Context(),
            ["@type"] = "sc:Dataset",
            ["conformsTo"] = "http://mlcommons.org/croissant/1.1",
            ["name"] = $"{manifest.Pipeline.Name}-{manifest.RunId}",
            ["description"] = $"Training shards released by ProvenanceGuard pipeline '{manifest.Pipeline.Name}' (config {manifest.Pipeline.ConfigSha256}).",
            ["version"] = manifest.RunId,
            ["datePublished"] = manifest.CreatedAt.ToString("O"),
            ["distribution"] = distribution,
            ["recordSet"] = new JsonArray(new JsonObject { ["@type"] = "cr:RecordSet", ["@id"] = "records", ["name"] = "records", ["field"] = fields }),
            ["prov:wasDerivedFrom"] = derivedFrom,
            ["prov:wasGeneratedBy"] = new JsonObject { ["@type"] = "prov:Activity", ["@id"] = $"urn:provenanceguard:run:{manifest.RunId}", ["prov:used"] = derivedFrom.DeepClone() },
            ["rai:dataCollection"] = $"Records read from {manifest.Inputs.Count} input(s) of {manifest.Inputs.Select(i => i.Source).Distinct().Count()} source(s); " +
                                     $"{manifest.Dispositions.In:N0} records in, {manifest.Dispositions.Kept:N0} kept, {manifest.Dispositions.Rejected:N0} rejected, {manifest.Dispositions.Duplicate:N0} duplicates.",
            ["rai:dataPreprocessingProtocol"] = new JsonArray(
                "Unicode NFC and white-space normalization; SHA-256 content hash per record.",
                "Malformed, empty, oversized and undecodable input rejected with a reason code (see rejected.jsonl.gz).",
                "Exact duplicates removed by content hash.",
                $"Machine-generated text scored by {manifest.Detector?.Name ?? "no detector"}; at most {manifest.Policy.MaxSyntheticShare:P1} of each shard flagged synthetic (P(machine) >= {manifest.Policy.SyntheticThreshold})."),
            ["rai:dataSyntheticShareEstimate"] = share.After is { } after
                ? $"{after:P1} of kept records flagged synthetic by the detector (before curation: {share.Before:P1}); this is a detector-based estimate, not ground truth."
                : "not estimated (no detector step)",
        };
    }

    private static string EncodingFormat(string file) =>
        file.EndsWith(".parquet", StringComparison.Ordinal) ? "application/x-parquet" : "application/jsonlines+gzip";

    private static JsonObject Context() => new()
    {
        ["@language"] = "en",
        ["@vocab"] = "https://schema.org/",
        ["sc"] = "https://schema.org/",
        ["cr"] = "http://mlcommons.org/croissant/",
        ["rai"] = "http://mlcommons.org/croissant/RAI/",
        ["prov"] = "http://www.w3.org/ns/prov#",
        ["dct"] = "http://purl.org/dc/terms/",
        ["conformsTo"] = "dct:conformsTo",
        ["recordSet"] = "cr:recordSet",
        ["field"] = "cr:field",
        ["fileSet"] = "cr:fileSet",
        ["fileObject"] = "cr:fileObject",
        ["source"] = "cr:source",
        ["extract"] = "cr:extract",
        ["column"] = "cr:column",
        ["includes"] = "cr:includes",
        ["dataType"] = new JsonObject { ["@id"] = "cr:dataType", ["@type"] = "@vocab" },
    };
}
