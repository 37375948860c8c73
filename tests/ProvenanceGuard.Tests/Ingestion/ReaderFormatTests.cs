using System.Text;
using ProvenanceGuard.Ingestion;
using ProvenanceGuard.Tests.Support;

namespace ProvenanceGuard.Tests.Ingestion;

public class ReaderFormatTests
{
    [Fact]
    public void Jsonl_reads_configured_fields_and_keeps_the_rest_as_metadata()
    {
        using var temp = new TempFolder();
        var path = temp.Write("a.jsonl", "{\"url\": \"https://x.org/1\", \"body\": \"Hello  world\", \"key\": 17, \"tags\": [\"a\", {\"b\": 1}]}\n");
        var record = Assert.Single(IngestTestKit.ReadAll(path, textField: "body", idField: "key"));

        Assert.Equal("Hello world", record.Text);
        Assert.Equal("17", record.Id);
        Assert.Equal("{\"url\": \"https://x.org/1\",\"tags\": [\"a\", {\"b\": 1}]}", record.MetadataJson);
        Assert.Equal(ProvenanceGuard.Records.ContentHash.Of("Hello world"), record.ContentSha256);
    }

    [Fact]
    public void Record_without_an_id_gets_file_and_line()
    {
        using var temp = new TempFolder();
        var record = Assert.Single(IngestTestKit.ReadAll(temp.Write("crawl.jsonl", "\n{\"text\": \"no id here\"}\n")));
        Assert.Equal("crawl.jsonl:2", record.Id);
    }

    [Fact]
    public void Csv_handles_quotes_commas_and_newlines_inside_fields()
    {
        using var temp = new TempFolder();
        var path = temp.Write("c.csv", "id,text,lang\r\n1,\"Hello, \"\"quoted\"\"\nworld\",en\r\n2,plain,de\r\n");
        var records = IngestTestKit.ReadAll(path);

        Assert.Equal(2, records.Count);
        Assert.Equal("Hello, \"quoted\"\nworld", records[0].Text);
        Assert.Equal("{\"lang\":\"en\"}", records[0].MetadataJson);
        Assert.Equal(4, records[1].Origin.Line); // the first row spans lines 2 and 3
    }

    [Fact]
    public void Csv_rows_with_wrong_field_counts_or_broken_quotes_are_rejected()
    {
        using var temp = new TempFolder();
        var path = temp.Write("c.csv", "id,text\n1,fine\n2,too,many\n3,\"bad\"quote\n4,fine again\n");
        var records = IngestTestKit.ReadAll(path);

        Assert.Equal(4, records.Count);
        Assert.Equal([null, RejectReason.MalformedCsv, RejectReason.MalformedCsv, null], records.Select(r => r.Disposition?.Reason));
        Assert.Contains("c.csv:3", records[1].RejectMessage);
    }

    [Fact]
    public void Csv_without_the_text_column_rejects_each_row_as_missing_text()
    {
        using var temp = new TempFolder();
        var records = IngestTestKit.ReadAll(temp.Write("c.csv", "id,body\n1,x\n2,y\n"));
        Assert.All(records, r => Assert.Equal(RejectReason.MissingText, r.Disposition?.Reason));
        Assert.Equal(2, records.Count);
    }

    [Fact]
    public void Text_folder_reads_each_file_as_a_record_in_path_order()
    {
        using var temp = new TempFolder();
        temp.Write("notes/b.txt", "second file");
        temp.Write("notes/a.txt", "\uFEFFfirst file");
        temp.Write("notes/sub/c.txt", "third file");
        temp.Write("notes/ignored.md", "not a txt file");
        temp.WriteBytes("notes/d.txt", [0x66, 0xFF, 0x66]);
        var records = IngestTestKit.ReadAll(temp.File("notes"));

        Assert.Equal(["a.txt", "b.txt", "d.txt", "sub/c.txt"], records.Select(r => r.Id));
        Assert.Equal("first file", records[0].Text);
        Assert.Equal(RejectReason.InvalidUtf8, records[2].Disposition?.Reason);
    }

    [Fact]
    public void A_jsonl_file_read_in_byte_range_splits_yields_exactly_the_whole_file_read()
    {
        using var temp = new TempFolder();
        var text = new StringBuilder();
        for (var i = 0; i < 500; i++) text.Append($"{{\"id\": \"r{i}\", \"text\": \"{new string('w', i % 97 + 1)} {i}\"}}\n");
        var path = temp.Write("big.jsonl", text.ToString());

        var whole = IngestTestKit.ReadAll(path);
        foreach (var splitBytes in new long[] { 1024, 1500, 4099, 10_000 })
        {
            var split = IngestTestKit.ReadAll(path, splitBytes: splitBytes);
            Assert.Equal(whole.Select(r => (r.Id, r.Origin.Line, r.Origin.ByteOffset)), split.Select(r => (r.Id, r.Origin.Line, r.Origin.ByteOffset)));
        }
    }

    [Fact]
    public void Unknown_extension_is_a_configuration_error_naming_the_file()
    {
        var e = Assert.Throws<ConfigurationException>(() => InputFormats.FromPath("/data/corpus.xml"));
        Assert.Contains("corpus.xml", e.Message);
    }
}
