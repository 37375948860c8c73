using ProvenanceGuard.Provenance.Exports;

namespace ProvenanceGuard.Tests.Provenance.Exports;

/// <summary>How the exports name an input: remote objects by their URL, local files by their file URI.</summary>
public class InputLocationTests
{
    [Fact]
    public void An_http_input_keeps_its_url_and_a_local_one_becomes_a_file_uri()
    {
        Assert.Equal("https://mirror.example.org/crawl/part-1.jsonl.zst", InputLocation.Of("https://mirror.example.org/crawl/part-1.jsonl.zst").AbsoluteUri);
        Assert.Equal(("http://10.0.0.5:9000", "/corpus/crawl/part-0.jsonl"), InputLocation.OpenLineageDataset("http://10.0.0.5:9000/corpus/crawl/part-0.jsonl"));

        var local = InputLocation.Of("/data/in.jsonl");
        Assert.Equal("file:///data/in.jsonl", local.AbsoluteUri);
        Assert.Equal(("file", "/data/in.jsonl"), InputLocation.OpenLineageDataset("/data/in.jsonl"));
        Assert.Equal(new Uri(Path.GetFullPath("relative.jsonl")), InputLocation.Of("relative.jsonl"));
    }
}
