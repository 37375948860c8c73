using System.Buffers;

namespace ProvenanceGuard.Formats.Compression;

/// <summary>
/// A read-only stream that decompresses zstd frames from an inner stream through libzstd's streaming API.
/// A stream that ends inside a frame throws <see cref="InvalidDataException"/> rather than returning a silent short read.
/// </summary>
public sealed unsafe class ZstdDecompressionStream : ReadOnlyForwardStream
{
    private readonly Stream _inner;
    private readonly bool _leaveOpen;
    private readonly byte[] _input = ArrayPool<byte>.Shared.Rent(128 * 1024);
    private nint _stream;
    private int _inputLength;
    private int _inputPosition;
    private bool _innerEnded;
    private bool _frameOpen;
    private long _compressedConsumed;

    public ZstdDecompressionStream(Stream inner, bool leaveOpen = false)
    {
        _inner = inner;
        _leaveOpen = leaveOpen;
        _stream = ZstdNative.CreateDStream();
        if (_stream == 0) throw new InvalidOperationException("zstd: could not create a decompression stream");
    }

    /// <summary>Compressed bytes consumed so far (for ratio limits and progress).</summary>
    public long CompressedBytesConsumed => _compressedConsumed;

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty) return 0;
        ObjectDisposedException.ThrowIf(_stream == 0, this);
        while (true)
        {
            if (_inputPosition == _inputLength && !_innerEnded)
            {
                _inputLength = _inner.Read(_input, 0, _input.Length);
                _inputPosition = 0;
                if (_inputLength == 0) _innerEnded = true;
            }
            if (_inputPosition == _inputLength && _innerEnded)
            {
                if (_frameOpen) throw new InvalidDataException("zstd: stream ends inside a frame (truncated input)");
                return 0;
            }
            fixed (byte* src = _input)
            fixed (byte* dst = buffer)
            {
                var input = new ZstdNative.InBuffer { Src = src, Size = (nuint)_inputLength, Pos = (nuint)_inputPosition };
                var output = new ZstdNative.OutBuffer { Dst = dst, Size = (nuint)buffer.Length, Pos = 0 };
                var hint = ZstdNative.Check(ZstdNative.DecompressStream(_stream, &output, &input));
                _compressedConsumed += (long)input.Pos - _inputPosition;
                _inputPosition = (int)input.Pos;
                // A hint of 0 means a frame was completely decoded and flushed.
                _frameOpen = hint != 0;
                if (output.Pos > 0) return (int)output.Pos;
            }
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (_stream != 0)
        {
            ZstdNative.FreeDStream(_stream);
            _stream = 0;
            ArrayPool<byte>.Shared.Return(_input);
            if (disposing && !_leaveOpen) _inner.Dispose();
        }
        base.Dispose(disposing);
    }
}
