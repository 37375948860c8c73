using System.Text.Json;
using ProvenanceGuard.Pipeline;
using ProvenanceGuard.Pipeline.Schema;
using ProvenanceGuard.Tests.Support;

namespace ProvenanceGuard.Tests.Pipeline;

/// <summary>The documented schemas in schemas/ describe what the code really writes.</summary>
public class OutputSchemaTests
{
    [BrownFact]
    public async Task Manifest_and_every_record_line_match_their_schemas()
    {
        using var temp = new TempFolder();
        var release = temp.File("release");
        await PipelineRunner.RunAsync(PipelineLoader.Load(TestCorpus.Write(temp.Path), []),
            new RunOptions { OutputDirectory = release, Scorer = SharedResources.DemoBaseline });

        using var manifest = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(release, "manifest.json")));
        Assert.Empty(SchemaCatalog.Load("manifest.schema.json").Validate(manifest.RootElement));

        var records = SchemaCatalog.Load("record.schema.json");
        var lines = Directory.GetFiles(Path.Combine(release, "shards")).SelectMany(ReleaseFiles.Lines)
            .Concat(ReleaseFiles.Lines(Path.Combine(release, "rejected.jsonl.gz"))).ToList();
        Assert.NotEmpty(lines);
        Assert.All(lines, line => Assert.Empty(records.Validate(line)));
    }

    [BrownFact]
    public void The_json_summary_matches_its_schema()
    {
        using var temp = new TempFolder();
        var outcome = CliProcess.Run(temp.Path, "run", TestCorpus.Write(temp.Path), "--out", "release", "--json");
        Assert.Equal(0, outcome.ExitCode);
        using var summary = JsonDocument.Parse(outcome.Stdout);
        Assert.Empty(SchemaCatalog.Load("run-summary.schema.json").Validate(summary.RootElement));
    }

    [Fact]
    public void The_validator_rejects_what_the_schema_forbids()
    {
        using var wrong = JsonDocument.Parse("""{ "command": "run", "release": "x", "shards": -1, "extra": true }""");
        var errors = SchemaCatalog.Load("run-summary.schema.json").Validate(wrong.RootElement).Select(e => e.ToString()).ToList();
        Assert.Contains(errors, e => e.StartsWith("/shards: must be >= 0"));
        Assert.Contains(errors, e => e.StartsWith("/extra: unknown property"));
        Assert.Contains(errors, e => e.StartsWith("/seconds: is required"));
    }
}
