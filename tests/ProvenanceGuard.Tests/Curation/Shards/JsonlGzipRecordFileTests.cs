using ProvenanceGuard.Curation.Shards;
using ProvenanceGuard.Records;
using ProvenanceGuard.Tests.Support;
using Record = ProvenanceGuard.Records.Record;

namespace ProvenanceGuard.Tests.Curation.Shards;

public class JsonlGzipRecordFileTests
{
    private static Record Make(int i, string text) => new()
    {
        Id = $"r{i}", Text = text, Source = "s", ContentSha256 = ContentHash.Of(text), Origin = new RecordOrigin("f", i, 0), Sequence = i,
    };

    [Fact]
    public void Writes_records_of_any_size_and_reports_the_file_digest()
    {
        using var temp = new TempFolder();
        // Records far larger than the line buffer, and many small ones that cross its flush point.
        var texts = new[] { new string('a', 3_000_000), "\"quoted\"\n" + new string('é', 500_000) }
            .Concat(Enumerable.Range(0, 5000).Select(i => $"small record {i}")).ToList();
        ShardInfo info;
        using (var file = new JsonlGzipRecordFile(temp.Path, "s.jsonl.gz"))
        {
            for (var i = 0; i < texts.Count; i++) file.Write(Make(i, texts[i]));
            info = file.Complete();
        }

        var lines = ReleaseFiles.Lines(temp.File("s.jsonl.gz"));
        Assert.Equal(texts, lines.Select(l => l.GetProperty("text").GetString()));
        Assert.Equal(texts.Count, info.Rows);
        Assert.Equal(ProvenanceGuard.Provenance.FileDigest.OfFile(temp.File("s.jsonl.gz")), info.Sha256);
        Assert.Equal(new FileInfo(temp.File("s.jsonl.gz")).Length, info.Bytes);
    }

    [Fact]
    public void Nothing_appears_under_the_final_name_unless_completed()
    {
        using var temp = new TempFolder();
        using (var file = new JsonlGzipRecordFile(temp.Path, "s.jsonl.gz")) file.Write(Make(1, "text"));
        Assert.Empty(Directory.GetFiles(temp.Path));
    }
}
