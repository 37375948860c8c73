using System.IO.Compression;
using System.Text;
using ProvenanceGuard.Formats.Compression;
using ProvenanceGuard.Ingestion;
using ProvenanceGuard.Records;
using Record = ProvenanceGuard.Records.Record;
using ProvenanceGuard.Tests.Support;

namespace ProvenanceGuard.Tests.Ingestion;

/// <summary>Bad input is never fatal and never silent: each case becomes a rejected record naming the file and line.</summary>
public class BadInputTests
{
    private static string Good(int i) => $"{{\"id\": \"doc-{i}\", \"text\": \"Record number {i} has some words in it.\"}}\n";

    private static Record Rejected(List<Record> records, string reason) =>
        Assert.Single(records, r => r.Disposition?.Reason == reason);

    [Fact]
    public void Malformed_json_line_is_rejected_with_its_line_and_the_rest_is_read()
    {
        using var temp = new TempFolder();
        var path = temp.Write("crawl.jsonl", Good(1) + "{\"id\": \"x\", \"text\": \"unterminated}\n" + Good(3));
        var records = IngestTestKit.ReadAll(path);

        Assert.Equal(3, records.Count);
        var bad = Rejected(records, RejectReason.MalformedJson);
        Assert.Equal(2, bad.Origin.Line);
        Assert.Contains("crawl.jsonl:2", bad.RejectMessage);
        Assert.Equal(["doc-1", "doc-3"], records.Where(r => r.Disposition is null).Select(r => r.Id));
    }

    [Fact]
    public void Invalid_utf8_is_rejected_and_its_bytes_kept_as_a_sample()
    {
        using var temp = new TempFolder();
        var bytes = Encoding.UTF8.GetBytes(Good(1)).Concat("{\"text\": \"caf"u8.ToArray()).Concat(new byte[] { 0xC3, 0x28 })
            .Concat("\"}\n"u8.ToArray()).Concat(Encoding.UTF8.GetBytes(Good(3))).ToArray();
        var records = IngestTestKit.ReadAll(temp.WriteBytes("crawl.jsonl", bytes));

        var bad = Rejected(records, RejectReason.InvalidUtf8);
        Assert.Equal(2, bad.Origin.Line);
        Assert.Contains("caf", bad.Text);
        Assert.Equal(2, records.Count(r => r.Disposition is null));
    }

    [Theory]
    [InlineData("{\"id\": \"a\", \"body\": \"no text field\"}", "no field 'text'")]
    [InlineData("{\"id\": \"a\", \"text\": null}", "is null")]
    [InlineData("{\"id\": \"a\", \"text\": 42}", "is a number")]
    public void Missing_or_non_string_text_is_rejected(string line, string expected)
    {
        using var temp = new TempFolder();
        var records = IngestTestKit.ReadAll(temp.Write("crawl.jsonl", line + "\n" + Good(2)));
        var bad = Rejected(records, RejectReason.MissingText);
        Assert.Contains(expected, bad.RejectMessage);
        Assert.Equal("a", bad.Id);
    }

    [Fact]
    public void Empty_text_after_normalization_is_rejected() 
    {
        using var temp = new TempFolder();
        var records = IngestTestKit.ReadAll(temp.Write("crawl.jsonl", "{\"text\": \" \\t \\n \"}\n"));
        Assert.Equal(RejectReason.EmptyText, Assert.Single(records).Disposition?.Reason);
    }

    [Fact]
    public void Record_over_the_size_limit_is_rejected_without_being_held_in_memory()
    {
        using var temp = new TempFolder();
        var huge = $"{{\"id\": \"huge\", \"text\": \"{new string('x', 300_000)}\"}}\n";
        var records = IngestTestKit.ReadAll(temp.Write("crawl.jsonl", Good(1) + huge + Good(3)),
            new IngestLimits { MaxRecordBytes = 100_000, RejectedSampleBytes = 64 });

        var bad = Rejected(records, RejectReason.TooLarge);
        Assert.Equal(2, bad.Origin.Line);
        Assert.Contains("exceeds the limit of 100,000", bad.RejectMessage);
        Assert.True(bad.Text.Length <= 64);
        Assert.Equal(["doc-1", "doc-3"], records.Where(r => r.Disposition is null).Select(r => r.Id));
    }

    [Fact]
    public void Default_size_limit_is_ten_megabytes() => Assert.Equal(10 * 1024 * 1024, new IngestLimits().MaxRecordBytes);

    [Fact]
    public void Truncated_gzip_keeps_what_was_readable_and_rejects_the_cut_tail()
    {
        using var temp = new TempFolder();
        var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
            for (var i = 1; i <= 2000; i++) gzip.Write(Encoding.UTF8.GetBytes(Good(i)));
        var bytes = buffer.ToArray();
        var records = IngestTestKit.ReadAll(temp.WriteBytes("crawl.jsonl.gz", bytes[..(bytes.Length / 2)]));

        var bad = Rejected(records, RejectReason.TruncatedInput);
        Assert.Contains("crawl.jsonl.gz", bad.RejectMessage);
        Assert.Contains("truncated", bad.RejectMessage);
        var good = records.Where(r => r.Disposition is null).ToList();
        Assert.InRange(good.Count, 100, 1999);
        Assert.Equal(good.Count + 1, bad.Origin.Line); // the cut happened right after the last good line
    }

    [Fact]
    public void Truncated_zstd_keeps_what_was_readable_and_rejects_the_cut_tail()
    {
        using var temp = new TempFolder();
        var buffer = new MemoryStream();
        using (var zstd = new ZstdCompressionStream(buffer, leaveOpen: true))
            for (var i = 1; i <= 5000; i++) zstd.Write(Encoding.UTF8.GetBytes(Good(i)));
        var bytes = buffer.ToArray();
        var records = IngestTestKit.ReadAll(temp.WriteBytes("crawl.jsonl.zst", bytes[..(bytes.Length * 3 / 4)]));

        var bad = Rejected(records, RejectReason.TruncatedInput);
        Assert.Contains("crawl.jsonl.zst", bad.RejectMessage);
        Assert.InRange(records.Count(r => r.Disposition is null), 100, 4999);
    }

    [Fact]
    public void Compressed_input_expanding_past_the_ratio_limit_is_cut_off()
    {
        using var temp = new TempFolder();
        var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(Good(1)));
            var padding = Encoding.UTF8.GetBytes($"{{\"text\": \"{new string('a', 4000)}\"}}\n");
            for (var i = 0; i < 2000; i++) gzip.Write(padding);
        }
        var records = IngestTestKit.ReadAll(temp.WriteBytes("bomb.jsonl.gz", buffer.ToArray()),
            new IngestLimits { MaxDecompressionRatio = 20, DecompressionRatioGraceBytes = 1 << 20 });

        var bad = Rejected(records, RejectReason.DecompressionRatioExceeded);
        Assert.Contains("bomb.jsonl.gz", bad.RejectMessage);
        Assert.Contains("ratio limit of 20", bad.RejectMessage);
        Assert.True(records.Count < 2001, "reading stopped at the limit");
    }

    [Fact]
    public void Concatenated_gzip_members_are_read_as_one_stream()
    {
        using var temp = new TempFolder();
        var buffer = new MemoryStream();
        for (var member = 0; member < 3; member++)
            using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
                gzip.Write(Encoding.UTF8.GetBytes(Good(member)));
        var records = IngestTestKit.ReadAll(temp.WriteBytes("multi.jsonl.gz", buffer.ToArray()));
        Assert.Equal(["doc-0", "doc-1", "doc-2"], records.Select(r => r.Id));
        Assert.All(records, r => Assert.Null(r.Disposition));
    }

    [Fact]
    public void Blank_lines_and_a_missing_final_newline_are_fine()
    {
        using var temp = new TempFolder();
        var records = IngestTestKit.ReadAll(temp.Write("crawl.jsonl", "\n" + Good(1) + "   \r\n" + Good(2).TrimEnd('\n')));
        Assert.Equal(["doc-1", "doc-2"], records.Select(r => r.Id));
        Assert.Equal([2L, 4L], records.Select(r => r.Origin.Line));
    }
}
