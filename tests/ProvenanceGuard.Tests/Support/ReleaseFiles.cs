using System.IO.Compression;
using System.Text.Json;
using ProvenanceGuard.Provenance;

namespace ProvenanceGuard.Tests.Support;

/// <summary>Reads a release folder back the way a user would: manifest, gzip JSONL files, shard bytes.</summary>
public static class ReleaseFiles
{
    public static ReleaseManifest Manifest(string release) =>
        JsonSerializer.Deserialize<ReleaseManifest>(File.ReadAllBytes(Path.Combine(release, "manifest.json")), ReleaseManifest.JsonOptions)!;

    public static List<JsonElement> Lines(string gzipJsonl)
    {
        using var reader = new StreamReader(new GZipStream(File.OpenRead(gzipJsonl), CompressionMode.Decompress));
        var lines = new List<JsonElement>();
        while (reader.ReadLine() is { } line) lines.Add(JsonDocument.Parse(line).RootElement.Clone());
        return lines;
    }

    public static List<JsonElement> Dispositions(string release) => Lines(Path.Combine(release, "dispositions.jsonl.gz"));

    /// <summary>Every shard's bytes, by file name relative to the release.</summary>
    public static SortedDictionary<string, byte[]> ShardBytes(string release)
    {
        var shards = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        var folder = Path.Combine(release, "shards");
        if (!Directory.Exists(folder)) return shards;
        foreach (var file in Directory.GetFiles(folder)) shards["shards/" + Path.GetFileName(file)] = File.ReadAllBytes(file);
        return shards;
    }
}
