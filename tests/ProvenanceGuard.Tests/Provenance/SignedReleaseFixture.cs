using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ProvenanceGuard.Curation;
using ProvenanceGuard.Pipeline;
using ProvenanceGuard.Provenance.Signing;
using ProvenanceGuard.Tests.Support;

namespace ProvenanceGuard.Tests.Provenance;

/// <summary>
/// One real signed release of the test corpus, built once per test class on first use (it needs the Brown
/// Corpus), and the tools to copy and tamper with it the way a user could.
/// </summary>
public sealed class SignedReleaseFixture : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly Lazy<string> _release;

    public SignedReleaseFixture()
    {
        var keys = SigningKeys.Generate(_temp.File("keys"));
        PrivateKeyPath = keys.PrivatePath;
        PublicKeyPath = keys.PublicPath;
        Key = SigningKeys.LoadPrivate(keys.PrivatePath);
        _release = new Lazy<string>(Build);
    }

    public string PrivateKeyPath { get; }
    public string PublicKeyPath { get; }
    public ECDsa Key { get; }
    public string PipelinePath => Path.Combine(_temp.Path, "corpus", "pipeline.json");
    public CurationPolicy Policy => PipelineLoader.Load(PipelinePath, []).Definition.Policy;

    /// <summary>A fresh copy of the signed release to tamper with.</summary>
    public string CopyRelease(TempFolder into)
    {
        var target = into.File("release");
        foreach (var file in Directory.EnumerateFiles(_release.Value, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(_release.Value, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
        return target;
    }

    private string Build()
    {
        var corpus = Directory.CreateDirectory(_temp.File("corpus")).FullName;
        TestCorpus.Write(corpus);
        var release = _temp.File("release");
        PipelineRunner.RunAsync(PipelineLoader.Load(PipelinePath, []),
            new RunOptions { OutputDirectory = release, Scorer = SharedResources.DemoBaseline }).GetAwaiter().GetResult();
        ManifestSigner.SignRelease(release, Key);
        return release;
    }

    public static void EditManifest(string release, Action<JsonObject> edit)
    {
        var path = Path.Combine(release, "manifest.json");
        var manifest = JsonNode.Parse(File.ReadAllBytes(path))!.AsObject();
        edit(manifest);
        File.WriteAllText(path, manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>Rewrites a gzip JSONL file line by line (null drops the line) and returns its new digest, size and rows.</summary>
    public static (string Sha256, long Bytes, long Rows) RewriteLines(string path, Func<JsonObject, int, JsonObject?> edit)
    {
        var lines = ReleaseFiles.Lines(path).Select((line, i) => edit(JsonNode.Parse(line.GetRawText())!.AsObject(), i)).OfType<JsonObject>().ToList();
        using (var gzip = new GZipStream(File.Create(path), CompressionLevel.Fastest))
            foreach (var line in lines) gzip.Write(Encoding.UTF8.GetBytes(line.ToJsonString() + "\n"));
        return (Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))), new FileInfo(path).Length, lines.Count);
    }

    /// <summary>Rewrites one shard and updates its manifest entry to match, as a forger holding the signing key would.</summary>
    public static void ForgeShard(string release, int shardIndex, Func<JsonObject, int, JsonObject?> edit)
    {
        var file = ReleaseFiles.Manifest(release).Shards[shardIndex].File;
        var (sha, bytes, rows) = RewriteLines(Path.Combine(release, file), edit);
        EditManifest(release, m =>
        {
            var entry = m["shards"]![shardIndex]!.AsObject();
            entry["sha256"] = sha;
            entry["bytes"] = bytes;
            entry["rows"] = rows;
        });
    }

    public void Dispose()
    {
        Key.Dispose();
        _temp.Dispose();
    }
}
