namespace ProvenanceGuard.Formats.Compression;

/// <summary>One-shot zstd frames (Parquet pages and other whole buffers).</summary>
public static unsafe class Zstd
{
    public const int DefaultLevel = 3;

    /// <summary>Compresses <paramref name="source"/> into a new array holding one zstd frame.</summary>
    public static byte[] Compress(ReadOnlySpan<byte> source, int level = DefaultLevel)
    {
        var bound = (int)ZstdNative.CompressBound((nuint)source.Length);
        var buffer = new byte[bound];
        var written = Compress(source, buffer, level);
        Array.Resize(ref buffer, written);
        return buffer;
    }

    /// <summary>Compresses into <paramref name="destination"/> (at least <see cref="CompressBound"/> bytes) and returns the bytes written.</summary>
    public static int Compress(ReadOnlySpan<byte> source, Span<byte> destination, int level = DefaultLevel)
    {
        fixed (byte* src = source)
        fixed (byte* dst = destination)
            return (int)ZstdNative.Check(ZstdNative.Compress(dst, (nuint)destination.Length, src, (nuint)source.Length, level));
    }

    public static int CompressBound(int sourceLength) => (int)ZstdNative.CompressBound((nuint)sourceLength);

    /// <summary>Decompresses a frame whose decompressed size the caller knows (and has bounded); throws on any mismatch.</summary>
    public static int Decompress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        fixed (byte* src = source)
        fixed (byte* dst = destination)
            return (int)ZstdNative.Check(ZstdNative.Decompress(dst, (nuint)destination.Length, src, (nuint)source.Length));
    }
}
