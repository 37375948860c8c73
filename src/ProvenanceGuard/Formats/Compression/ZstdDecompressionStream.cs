namespace ProvenanceGuard.Formats.Compression;

/// <summary>
/// A read-only stream that decompresses zstd frames from an inner stream through libzstd's streaming API.
/// A stream that ends inside a frame throws <see cref="InvalidDataException"/> rather than returning a silent short read.
/// </summary>
public sealed unsafe class ZstdDecompressionStream : BufferedDecompressionStream
{
    private nint _stream;
    private bool _frameOpen;
    private long _compressedConsumed;

    public ZstdDecompressionStream(Stream inner, bool leaveOpen = false) : base(inner, leaveOpen)
    {
        _stream = ZstdNative.CreateDStream();
        if (_stream == 0) throw new InvalidOperationException("zstd: could not create a decompression stream");
    }

    /// <summary>Compressed bytes consumed so far (for ratio limits and progress).</summary>
    public long CompressedBytesConsumed => _compressedConsumed;

    protected override int Decode(Span<byte> buffer)
    {
        fixed (byte* src = Input)
        fixed (byte* dst = buffer)
        {
            var input = new ZstdNative.InBuffer { Src = src, Size = (nuint)InputLength, Pos = (nuint)InputPosition };
            var output = new ZstdNative.OutBuffer { Dst = dst, Size = (nuint)buffer.Length, Pos = 0 };
            var hint = ZstdNative.Check(ZstdNative.DecompressStream(_stream, &output, &input));
            _compressedConsumed += (long)input.Pos - InputPosition;
            InputPosition = (int)input.Pos;
            // A hint of 0 means a frame was completely decoded and flushed.
            _frameOpen = hint != 0;
            return (int)output.Pos;
        }
    }

    protected override void CheckEnd()
    {
        if (_frameOpen) throw new InvalidDataException("zstd: stream ends inside a frame (truncated input)");
    }

    protected override void ReleaseDecoder()
    {
        ZstdNative.FreeDStream(_stream);
        _stream = 0;
    }
}
