using System.Security.Cryptography;
using System.Text;
using ProvenanceGuard.Pipeline;
using ProvenanceGuard.Tests.Support;

namespace ProvenanceGuard.Tests.Pipeline;

/// <summary>Shard rows carry the normalized text, whatever escapes the input used, and its content hash.</summary>
public class ShardTextTests
{
    [Fact]
    public async Task Every_shard_text_decodes_to_the_normalized_text_and_hashes_to_its_content_sha256()
    {
        using var temp = new TempFolder();
        var lines = new[]
        {
            """{"id":"escaped","text":"He said \"no\" at the caf\u00e9 \u2014 twice.\nThen a slash \/ and a backslash \\ closed it."}""",
            """{"id":"raw","text":"Raw UTF-8 stays raw: café — 漢字 and an emoji 😀 in a line."}""",
            """{"id":"folded","text":"Runs  of\tspaces and a trailing space are folded by normalization. "}""",
        };
        File.WriteAllText(temp.File("in.jsonl"), string.Join("\n", lines) + "\n");
        File.WriteAllText(temp.File("pipeline.json"), """
            { "name": "shard-text", "sources": [ { "name": "in", "path": "in.jsonl" } ],
              "steps": [ { "type": "normalize" }, { "type": "dedup", "method": "exact" } ], "output": { "lineage": false } }
            """);

        await PipelineRunner.RunAsync(PipelineLoader.Load(temp.File("pipeline.json"), []), new RunOptions { OutputDirectory = temp.File("release") }, CancellationToken.None);

        var rows = ReleaseFiles.Manifest(temp.File("release")).Shards
            .SelectMany(s => ReleaseFiles.Lines(Path.Combine(temp.File("release"), s.File)))
            .ToDictionary(r => r.GetProperty("id").GetString()!, r => (Text: r.GetProperty("text").GetString()!, Sha: r.GetProperty("content_sha256").GetString()!));
        Assert.Equal("He said \"no\" at the café — twice.\nThen a slash / and a backslash \\ closed it.", rows["escaped"].Text);
        Assert.Equal("Raw UTF-8 stays raw: café — 漢字 and an emoji 😀 in a line.", rows["raw"].Text);
        Assert.Equal("Runs of spaces and a trailing space are folded by normalization.", rows["folded"].Text);
        foreach (var (text, sha) in rows.Values)
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text))), sha);
    }
}
