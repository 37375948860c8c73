using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using ProvenanceGuard.Formats.Compression;
using ProvenanceGuard.Ingestion;
using ProvenanceGuard.Pipeline;
using ProvenanceGuard.Tests.Support;

namespace ProvenanceGuard.Tests.Ingestion;

/// <summary>
/// An input's digest built along the split reader's reads is the SHA-256 of the file's raw bytes, whatever the format,
/// the split size, or how early the reader stopped; when the reader read the whole file, nothing is read again.
/// </summary>
public class ReadAlongDigestTests
{
    /// <summary>Reads every split of <paramref name="path"/> as a run does; returns how much the reads hashed, and the completed digest.</summary>
    private static (long HashedByReading, string Digest) ReadAndDigest(string path, long splitBytes, IngestLimits? limits = null)
    {
        var pipeline = new PipelineDefinition
        {
            Sources = [new SourceDefinition { Name = "test", Path = path }],
            Steps = [new StepDefinition { Type = "normalize" }],
            Limits = limits ?? new IngestLimits(),
        };
        var input = Assert.Single(InputPlanner.Inputs(pipeline));
        using var digest = new ReadAlongDigest(input.Path);
        var reader = new SplitReader(pipeline.Limits, batchUnits: 7, readAlong: new Dictionary<int, ReadAlongDigest> { [input.Index] = digest });
        foreach (var batch in InputPlanner.Splits([input], splitBytes).SelectMany(split => reader.Read(split)))
            SplitReader.Release(batch);
        var hashed = digest.HashedUpTo;
        return (hashed, digest.Complete());
    }

    private static string Sha256Of(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    /// <summary>Lines of very different lengths (some longer than the smallest splits), ending without a newline when asked.</summary>
    private static byte[] JsonLines(int lines, bool finalNewline = true)
    {
        var random = new Random(7);
        var text = new StringBuilder();
        for (var i = 0; i < lines; i++)
        {
            text.Append($"{{\"id\": \"r{i}\", \"text\": \"{TestCorpus.Text(random, random.Next(1, i % 10 == 0 ? 400 : 40))}\"}}");
            if (i % 13 == 5) text.Append("\n{\"broken\": \n\n");
            if (finalNewline || i < lines - 1) text.Append('\n');
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static byte[] Gzip(byte[] data)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(data);
        return buffer.ToArray();
    }

    private static byte[] ZstdOf(byte[] data)
    {
        using var buffer = new MemoryStream();
        using (var zstd = new ZstdCompressionStream(buffer, leaveOpen: true)) zstd.Write(data);
        return buffer.ToArray();
    }

    [Theory]
    [InlineData(100)]
    [InlineData(1000)]
    [InlineData(4096)]
    [InlineData(64L << 20)]
    public void A_plain_jsonl_file_read_in_splits_of_any_size_is_hashed_by_the_reads_alone(long splitBytes)
    {
        using var temp = new TempFolder();
        var path = temp.WriteBytes("a.jsonl", JsonLines(400));
        Assert.True(new FileInfo(path).Length > 20 * splitBytes || splitBytes > 1 << 20, "small splits give many splits per file");

        var (hashed, digest) = ReadAndDigest(path, splitBytes);

        Assert.Equal(new FileInfo(path).Length, hashed);
        Assert.Equal(Sha256Of(path), digest);
    }

    [Theory]
    [InlineData(100)]
    [InlineData(997)]
    [InlineData(64L << 20)]
    public void A_file_whose_last_line_has_no_newline_is_hashed_to_its_last_byte(long splitBytes)
    {
        using var temp = new TempFolder();
        var path = temp.WriteBytes("a.jsonl", JsonLines(120, finalNewline: false));

        var (hashed, digest) = ReadAndDigest(path, splitBytes);

        Assert.Equal(new FileInfo(path).Length, hashed);
        Assert.Equal(Sha256Of(path), digest);
    }

    [Theory]
    [InlineData("a.jsonl.gz")]
    [InlineData("a.jsonl.zst")]
    public void A_compressed_file_is_hashed_over_its_compressed_bytes_as_they_are_read(string name)
    {
        using var temp = new TempFolder();
        var data = JsonLines(3000);
        var path = temp.WriteBytes(name, name.EndsWith(".gz") ? Gzip(data) : ZstdOf(data));

        var (hashed, digest) = ReadAndDigest(path, 1000);

        Assert.Equal(new FileInfo(path).Length, hashed);
        Assert.Equal(Sha256Of(path), digest);
    }

    [Fact]
    public void A_truncated_gzip_file_still_gets_the_digest_of_its_bytes()
    {
        using var temp = new TempFolder();
        var gzip = Gzip(JsonLines(3000));
        var path = temp.WriteBytes("cut.jsonl.gz", gzip[..(gzip.Length / 2)]);

        Assert.Equal(Sha256Of(path), ReadAndDigest(path, 1000).Digest);
    }

    [Fact]
    public void A_file_the_reader_cut_off_early_is_completed_by_reading_only_the_rest()
    {
        using var temp = new TempFolder();
        var path = temp.WriteBytes("bomb.jsonl.gz", Gzip(JsonLines(20_000)));
        var limits = new IngestLimits { MaxDecompressionRatio = 1.5, DecompressionRatioGraceBytes = 0 };

        var (hashed, digest) = ReadAndDigest(path, 1000, limits);

        Assert.InRange(hashed, 1, new FileInfo(path).Length - 1);
        Assert.Equal(Sha256Of(path), digest);
    }

    [Fact]
    public void An_empty_file_gets_the_digest_of_no_bytes()
    {
        using var temp = new TempFolder();
        var path = temp.WriteBytes("empty.jsonl", []);

        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", ReadAndDigest(path, 100).Digest);
    }

    [Fact]
    public void Overlapping_reads_are_hashed_once_and_a_read_past_the_hashed_prefix_is_left_for_completion()
    {
        using var temp = new TempFolder();
        var bytes = JsonLines(50);
        var path = temp.WriteBytes("a.jsonl", bytes);
        using var digest = new ReadAlongDigest(path);

        digest.Observe(0, bytes.AsSpan(0, 100));
        digest.Observe(40, bytes.AsSpan(40, 100)); // overlaps: only 100..140 is new
        digest.Observe(300, bytes.AsSpan(300, 50)); // a gap: not hashed
        Assert.Equal(140, digest.HashedUpTo);
        digest.Observe(140, bytes.AsSpan(140, 10));
        Assert.Equal(150, digest.HashedUpTo);

        Assert.Equal(Sha256Of(path), digest.Complete());
    }

    [Fact]
    public void A_file_that_cannot_be_read_says_so_instead_of_a_digest()
    {
        using var temp = new TempFolder();
        using var digest = new ReadAlongDigest(temp.File("gone.jsonl"));

        Assert.StartsWith("unreadable: ", digest.Complete());
    }
}
