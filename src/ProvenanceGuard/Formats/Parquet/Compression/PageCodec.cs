using System.IO.Compression;
using ProvenanceGuard.Formats.Compression;

namespace ProvenanceGuard.Formats.Parquet.Compression;

/// <summary>
/// Compresses and decompresses page bodies for the codecs this project supports: uncompressed, SNAPPY (IronSnappy),
/// GZIP and BROTLI (System.IO.Compression) and ZSTD (libzstd). Decompression always yields exactly the size the page
/// header declares, or fails with <see cref="ParquetFormatException"/>.
/// </summary>
internal static class PageCodec
{
    public static bool IsSupported(ParquetCompression codec) =>
        codec is ParquetCompression.Uncompressed or ParquetCompression.Snappy or ParquetCompression.Gzip or ParquetCompression.Zstd or ParquetCompression.Brotli;

    /// <summary>Decompresses <paramref name="source"/> into <paramref name="destination"/>, whose length is the declared uncompressed size.</summary>
    public static void Decompress(ParquetCompression codec, ReadOnlySpan<byte> source, Span<byte> destination, long fileOffset)
    {
        int written;
        try
        {
            written = codec switch
            {
                ParquetCompression.Uncompressed => CopyUncompressed(source, destination),
                ParquetCompression.Snappy => Snappy(source, destination),
                ParquetCompression.Gzip => Gzip(source, destination),
                ParquetCompression.Zstd => ZstdFrames(source, destination),
                ParquetCompression.Brotli => Brotli(source, destination),
                _ => throw new ParquetFormatException($"codec {codec} not supported", fileOffset),
            };
        }
        catch (ParquetFormatException)
        {
            throw;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Third-party decoders signal corrupt input with assorted exception types; callers see one.
            throw new ParquetFormatException($"{codec} data is corrupt: {e.Message}", fileOffset, e);
        }
        if (written != destination.Length)
            throw new ParquetFormatException($"{codec} page decompressed to {written} bytes, the header declares {destination.Length}", fileOffset);
    }

    private static int CopyUncompressed(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        var n = Math.Min(source.Length, destination.Length);
        source.Slice(0, n).CopyTo(destination);
        return source.Length;
    }

    private static int Snappy(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        // The preamble states the decoded length; check it before the decoder allocates that much.
        var declared = SnappyDecodedLength(source);
        if (declared != destination.Length) return declared;
        var decoded = IronSnappy.Snappy.Decode(source);
        decoded.AsSpan(0, Math.Min(decoded.Length, destination.Length)).CopyTo(destination);
        return decoded.Length;
    }

    private static int SnappyDecodedLength(ReadOnlySpan<byte> source)
    {
        ulong result = 0;
        for (int i = 0, shift = 0; i < source.Length && shift < 35; i++, shift += 7)
        {
            result |= (ulong)(source[i] & 0x7F) << shift;
            if ((source[i] & 0x80) == 0) return result > int.MaxValue ? -1 : (int)result;
        }
        return -1;
    }

    private static unsafe int Gzip(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        fixed (byte* p = source)
        {
            using var input = new UnmanagedMemoryStream(p, source.Length);
            using var gzip = new GZipStream(input, CompressionMode.Decompress);
            return ReadFully(gzip, destination);
        }
    }

    private static int ReadFully(Stream stream, Span<byte> destination)
    {
        var total = 0;
        while (total < destination.Length)
        {
            var n = stream.Read(destination.Slice(total));
            if (n == 0) return total;
            total += n;
        }
        // One more byte would mean the stream decodes to more than declared.
        Span<byte> probe = stackalloc byte[1];
        return stream.Read(probe) == 0 ? total : total + 1;
    }

    private static int ZstdFrames(ReadOnlySpan<byte> source, Span<byte> destination) => Zstd.Decompress(source, destination);

    private static int Brotli(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        using var decoder = new BrotliDecoder();
        var status = decoder.Decompress(source, destination, out var consumed, out var written);
        return status switch
        {
            System.Buffers.OperationStatus.Done => written,
            System.Buffers.OperationStatus.DestinationTooSmall => written + 1,
            _ => throw new ParquetFormatException($"BROTLI data is corrupt ({status})", -1),
        };
    }

    /// <summary>Compresses a page body; returns the compressed bytes in <paramref name="output"/> (cleared first).</summary>
    public static void Compress(ParquetCompression codec, ReadOnlySpan<byte> source, ByteBuffer output, int zstdLevel)
    {
        output.Clear();
        switch (codec)
        {
            case ParquetCompression.Uncompressed:
                output.Write(source);
                return;
            case ParquetCompression.Snappy:
                output.Write(IronSnappy.Snappy.Encode(source));
                return;
            case ParquetCompression.Gzip:
            {
                using var ms = new MemoryStream();
                using (var gzip = new GZipStream(ms, CompressionLevel.Optimal, leaveOpen: true)) gzip.Write(source);
                output.Write(ms.GetBuffer().AsSpan(0, (int)ms.Length));
                return;
            }
            case ParquetCompression.Zstd:
            {
                var span = output.GetSpan(Zstd.CompressBound(source.Length));
                output.Advance(Zstd.Compress(source, span, zstdLevel));
                return;
            }
            case ParquetCompression.Brotli:
            {
                var bound = BrotliEncoder.GetMaxCompressedLength(source.Length);
                var span = output.GetSpan(bound);
                if (!BrotliEncoder.TryCompress(source, span, out var written, quality: 5, window: 22)) throw new InvalidOperationException("brotli compression failed");
                output.Advance(written);
                return;
            }
            default:
                throw new NotSupportedException($"codec {codec} not supported for writing");
        }
    }
}
