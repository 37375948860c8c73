using ProvenanceGuard.Pipeline;
using ProvenanceGuard.Tests.Support;

namespace ProvenanceGuard.Tests.Pipeline;

public class PipelineLoaderTests
{
    private const string Valid = """
        {
          "name": "web",
          "sources": [ { "name": "crawl", "path": "crawl.jsonl" } ],
          "steps": [ { "type": "normalize" }, { "type": "detect" }, { "type": "dedup", "method": "exact" }, { "type": "quota" } ],
          "policy": { "maxSyntheticShare": 0.2 }
        }
        """;

    private static LoadedPipeline Load(TempFolder temp, string json, IReadOnlyDictionary<string, string?>? flags = null,
        IEnumerable<KeyValuePair<string, string?>>? environment = null)
    {
        temp.Write("crawl.jsonl", "{\"text\": \"x\"}\n");
        var appSettings = temp.Write("appsettings.json", """{ "Output": { "ShardRows": 777 }, "Policy": { "MaxSyntheticShare": 0.05, "SyntheticThreshold": 0.6 } }""");
        return PipelineLoader.Load(temp.Write("p.json", json), environment ?? [], flags, appSettings);
    }

    [Fact]
    public void Layers_appsettings_then_pipeline_then_environment_then_flags()
    {
        using var temp = new TempFolder();
        var fromFile = Load(temp, Valid).Definition;
        Assert.Equal(0.2, fromFile.Policy.MaxSyntheticShare);   // pipeline beats appsettings
        Assert.Equal(0.6, fromFile.Policy.SyntheticThreshold);  // appsettings default kept
        Assert.Equal(777, fromFile.Output.ShardRows);

        var environment = new Dictionary<string, string?> { ["PROVGUARD__Policy__MaxSyntheticShare"] = "0.3", ["OTHER"] = "ignored" };
        Assert.Equal(0.3, Load(temp, Valid, environment: environment).Definition.Policy.MaxSyntheticShare);

        var flags = new Dictionary<string, string?> { ["policy:maxSyntheticShare"] = "0.4" };
        Assert.Equal(0.4, Load(temp, Valid, flags, environment).Definition.Policy.MaxSyntheticShare);
    }

    [Fact]
    public void Relative_source_paths_resolve_against_the_pipeline_file()
    {
        using var temp = new TempFolder();
        var source = Assert.Single(Load(temp, Valid).Definition.Sources);
        Assert.Equal(temp.File("crawl.jsonl"), source.Path);
    }

    [Theory]
    [InlineData("""{ "name": "x", "sources": [], "steps": [] }""", "/sources: must have at least 1 item(s)")]
    [InlineData("""{ "name": "x", "sources": [ { "name": "a" } ], "steps": [] }""", "/sources/0/path: is required")]
    [InlineData("""{ "name": "x", "sources": [ { "name": "a", "path": "crawl.jsonl" } ], "steps": [ { "type": "sort" } ] }""", "/steps/0/type: must be one of")]
    [InlineData("""{ "name": "x", "sources": [ { "name": "a", "path": "crawl.jsonl" } ], "steps": [], "policy": { "maxSyntheticShare": 1.5 } }""", "/policy/maxSyntheticShare: must be < 1 (got 1.5)")]
    [InlineData("""{ "name": "x", "sources": [ { "name": "a", "path": "crawl.jsonl" } ], "steps": [], "policy": { "maxShareOutsideDetectorLengths": 1.5 } }""", "/policy/maxShareOutsideDetectorLengths: must be <= 1 (got 1.5)")]
    [InlineData("""{ "name": "x", "sources": [ { "name": "a", "path": "crawl.jsonl" } ], "steps": [], "polcy": {} }""", "/polcy: unknown property 'polcy'")]
    [InlineData("""{ "name": "x", "sources": [ { "name": "a", "path": "crawl.jsonl" } ], "steps": [], "output": { "shardRows": "many" } }""", "/output/shardRows: must be an integer, not the string \"many\"")]
    public void Schema_errors_point_at_the_bad_field(string json, string expected)
    {
        using var temp = new TempFolder();
        var e = Assert.Throws<ConfigurationException>(() => Load(temp, json));
        Assert.Contains("p.json", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Invalid_json_names_the_line()
    {
        using var temp = new TempFolder();
        var e = Assert.Throws<ConfigurationException>(() => Load(temp, "{\n  \"name\": \"x\",\n  oops\n}"));
        Assert.Contains("p.json:3", e.Message);
    }

    [Fact]
    public void An_override_out_of_range_is_caught_after_layering_and_names_the_key()
    {
        using var temp = new TempFolder();
        var flags = new Dictionary<string, string?> { ["output:shardRows"] = "0" };
        var e = Assert.Throws<ConfigurationException>(() => Load(temp, Valid, flags));
        Assert.Contains("output:shardRows: must be > 0", e.Message);
    }

    [Fact]
    public void Tagging_steps_after_deciding_steps_are_refused()
    {
        using var temp = new TempFolder();
        var json = Valid.Replace("""{ "type": "normalize" }, { "type": "detect" }, { "type": "dedup", "method": "exact" }""",
            """{ "type": "dedup" }, { "type": "detect" }""");
        var e = Assert.Throws<ConfigurationException>(() => Load(temp, json));
        Assert.Contains("steps:1:type: 'detect' tags records and must come before", e.Message);
    }

    [Fact]
    public void The_shipped_pipelines_are_valid()
    {
        foreach (var file in Directory.GetFiles(ProjectPaths.Require("pipelines", "pipelines folder"), "*.json"))
            Assert.Empty(PipelineLoader.ValidateFile(file));
    }

    [Fact]
    public void Config_hash_ignores_where_the_release_goes_but_not_the_policy()
    {
        using var temp = new TempFolder();
        var pipeline = Load(temp, Valid);
        Assert.Equal(pipeline.ConfigSha256, PipelineLoader.ConfigHash(PipelineLoader.WithOutput(pipeline, "/elsewhere").Definition));
        var stricter = Load(temp, Valid, new Dictionary<string, string?> { ["policy:maxSyntheticShare"] = "0.01" });
        Assert.NotEqual(pipeline.ConfigSha256, stricter.ConfigSha256);
    }
}
