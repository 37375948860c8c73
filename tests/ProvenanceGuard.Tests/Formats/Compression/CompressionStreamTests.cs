using System.IO.Compression;
using System.Text;
using ProvenanceGuard.Formats.Compression;

namespace ProvenanceGuard.Tests.Formats.Compression;

public class CompressionStreamTests
{
    private static byte[] Sample(int size)
    {
        var random = new Random(3);
        var text = new StringBuilder();
        while (text.Length < size) text.Append("word").Append(random.Next(1000)).Append(' ');
        return Encoding.ASCII.GetBytes(text.ToString()[..size]);
    }

    private static byte[] ReadAll(Stream stream)
    {
        var output = new MemoryStream();
        var buffer = new byte[1000]; // small reads exercise the frame bookkeeping
        int n;
        while ((n = stream.Read(buffer)) > 0) output.Write(buffer, 0, n);
        return output.ToArray();
    }

    [Fact]
    public void Zstd_stream_round_trips_and_agrees_with_one_shot_frames()
    {
        var data = Sample(3_000_000);
        var compressed = new MemoryStream();
        using (var zstd = new ZstdCompressionStream(compressed, leaveOpen: true)) zstd.Write(data);
        Assert.Equal(data, ReadAll(new ZstdDecompressionStream(new MemoryStream(compressed.ToArray()))));

        var frame = Zstd.Compress(data);
        var back = new byte[data.Length];
        Assert.Equal(data.Length, Zstd.Decompress(frame, back));
        Assert.Equal(data, back);
        Assert.Equal(data, ReadAll(new ZstdDecompressionStream(new MemoryStream(frame))));
    }

    [Fact]
    public void Zstd_reports_corrupt_input_as_invalid_data()
    {
        var frame = Zstd.Compress(Sample(100_000));
        frame[frame.Length / 2] ^= 0xFF;
        frame[frame.Length / 2 + 1] ^= 0xFF;
        Assert.Throws<InvalidDataException>(() => ReadAll(new ZstdDecompressionStream(new MemoryStream(frame))));
    }

    [Fact]
    public void Gzip_reader_agrees_with_dotnet_on_whole_files_and_refuses_truncated_ones()
    {
        var data = Sample(500_000);
        var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true)) gzip.Write(data);
        var bytes = compressed.ToArray();
        Assert.Equal(data, ReadAll(new GzipDecompressionStream(new MemoryStream(bytes))));

        var e = Assert.Throws<InvalidDataException>(() => ReadAll(new GzipDecompressionStream(new MemoryStream(bytes[..^5]))));
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void Gzip_reader_refuses_trailing_garbage_and_non_gzip_input()
    {
        var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write("hello"u8);
        compressed.Write("garbage"u8);
        Assert.Throws<InvalidDataException>(() => ReadAll(new GzipDecompressionStream(new MemoryStream(compressed.ToArray()))));
        Assert.Throws<InvalidDataException>(() => ReadAll(new GzipDecompressionStream(new MemoryStream("plain text"u8.ToArray()))));
    }
}
