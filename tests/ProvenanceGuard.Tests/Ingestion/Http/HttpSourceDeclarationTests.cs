using ProvenanceGuard.Ingestion;
using ProvenanceGuard.Pipeline;
using ProvenanceGuard.Tests.Support;

namespace ProvenanceGuard.Tests.Ingestion.Http;

/// <summary>A pipeline declares an HTTP source by giving a URL as a source path, and tunes it in its "http" section.</summary>
public class HttpSourceDeclarationTests
{
    [Fact]
    public void A_url_path_is_kept_as_a_url_and_the_http_section_is_bound()
    {
        using var temp = new TempFolder();
        var pipeline = temp.Write("p.json", """
            {
              "name": "remote",
              "sources": [ { "name": "crawl", "path": "http://127.0.0.1:9/data/crawl.jsonl.zst" } ],
              "steps": [ { "type": "normalize" } ],
              "http": { "maxRetries": 3, "attemptTimeoutMilliseconds": 2000, "breakMilliseconds": 1000 }
            }
            """);

        var loaded = PipelineLoader.Load(pipeline, []);
        var input = Assert.Single(InputPlanner.Inputs(loaded.Definition));

        Assert.Equal("http://127.0.0.1:9/data/crawl.jsonl.zst", input.Path);
        Assert.Equal(InputFormat.JsonlZstd, input.Format);
        Assert.Equal("crawl.jsonl.zst", input.Name);
        Assert.NotNull(input.Remote);
        Assert.Equal(3, loaded.Definition.Http.MaxRetries);
        Assert.Equal(2000, loaded.Definition.Http.AttemptTimeoutMilliseconds);
    }

    [Theory]
    [InlineData("https://example.invalid/data.csv", "HTTP sources read jsonl")]
    [InlineData("https://example.invalid/data.parquet", "HTTP sources read jsonl")]
    public void Only_json_lines_objects_can_be_read_over_http(string url, string message)
    {
        var definition = new PipelineDefinition { Sources = [new SourceDefinition { Name = "web", Path = url }] };

        var e = Assert.Throws<ConfigurationException>(() => InputPlanner.Inputs(definition));

        Assert.Contains(message, e.Message);
        Assert.Contains(url, e.Message);
    }

    [Fact]
    public void Out_of_range_http_settings_are_refused_naming_the_key()
    {
        using var temp = new TempFolder();
        var pipeline = temp.Write("p.json", """
            { "name": "remote", "sources": [ { "name": "crawl", "path": "https://example.invalid/a.jsonl" } ], "steps": [],
              "http": { "breakMilliseconds": 100 } }
            """);

        var e = Assert.Throws<ConfigurationException>(() => PipelineLoader.Load(pipeline, []));

        Assert.Contains("breakMilliseconds", e.Message);
    }
}
