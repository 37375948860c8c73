using System.Buffers;
using System.Runtime.InteropServices;

namespace ProvenanceGuard.Formats.Compression;

/// <summary>
/// A read-only stream that decompresses gzip (one or several concatenated members, as crawls write them)
/// through zlib, and throws <see cref="InvalidDataException"/> when the input ends inside a member or holds
/// anything but gzip members.
/// </summary>
public sealed unsafe class GzipDecompressionStream : ReadOnlyForwardStream
{
    private readonly Stream _inner;
    private readonly bool _leaveOpen;
    private readonly byte[] _input = ArrayPool<byte>.Shared.Rent(128 * 1024);
    private ZlibNative.ZStream* _stream;
    private int _inputLength;
    private int _inputPosition;
    private bool _innerEnded;
    private bool _memberOpen;
    private bool _anyMember;

    public GzipDecompressionStream(Stream inner, bool leaveOpen = false)
    {
        _inner = inner;
        _leaveOpen = leaveOpen;
        _stream = (ZlibNative.ZStream*)NativeMemory.AllocZeroed((nuint)sizeof(ZlibNative.ZStream));
        var code = ZlibNative.InflateInit2(_stream, ZlibNative.GzipWindowBits, "1.2.13", sizeof(ZlibNative.ZStream));
        if (code != ZlibNative.Ok)
        {
            NativeMemory.Free(_stream);
            _stream = null;
            throw new InvalidOperationException($"zlib: could not start inflating (error {code})");
        }
    }

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty) return 0;
        ObjectDisposedException.ThrowIf(_stream == null, this);
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
                if (_memberOpen) throw new InvalidDataException("gzip: the stream ends inside a member (truncated input)");
                if (!_anyMember) throw new InvalidDataException("gzip: the stream is empty");
                return 0;
            }
            if (!_memberOpen && _input[_inputPosition] != 0x1F)
                throw new InvalidDataException($"gzip: unexpected byte 0x{_input[_inputPosition]:X2} where a gzip member should start");

            fixed (byte* src = _input)
            fixed (byte* dst = buffer)
            {
                _stream->NextIn = src + _inputPosition;
                _stream->AvailIn = (uint)(_inputLength - _inputPosition);
                _stream->NextOut = dst;
                _stream->AvailOut = (uint)buffer.Length;
                _memberOpen = true;
                _anyMember = true;
                var code = ZlibNative.Inflate(_stream, ZlibNative.NoFlush);
                _inputPosition = _inputLength - (int)_stream->AvailIn;
                var produced = buffer.Length - (int)_stream->AvailOut;
                if (code == ZlibNative.StreamEnd)
                {
                    _memberOpen = false;
                    ZlibNative.InflateReset(_stream);
                }
                else if (code != ZlibNative.Ok && code != ZlibNative.BufError)
                {
                    throw new InvalidDataException("gzip: corrupt data: " + ZlibNative.Message(_stream, code));
                }
                if (produced > 0) return produced;
            }
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (_stream != null)
        {
            ZlibNative.InflateEnd(_stream);
            NativeMemory.Free(_stream);
            _stream = null;
            ArrayPool<byte>.Shared.Return(_input);
            if (disposing && !_leaveOpen) _inner.Dispose();
        }
        base.Dispose(disposing);
    }
}
