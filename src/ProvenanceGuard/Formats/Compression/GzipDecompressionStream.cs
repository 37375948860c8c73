using System.Runtime.InteropServices;

namespace ProvenanceGuard.Formats.Compression;

/// <summary>
/// A read-only stream that decompresses gzip (one or several concatenated members, as crawls write them)
/// through zlib, and throws <see cref="InvalidDataException"/> when the input ends inside a member or holds
/// anything but gzip members.
/// </summary>
public sealed unsafe class GzipDecompressionStream : BufferedDecompressionStream
{
    private ZlibNative.ZStream* _stream;
    private bool _memberOpen;
    private bool _anyMember;

    public GzipDecompressionStream(Stream inner, bool leaveOpen = false) : base(inner, leaveOpen)
    {
        _stream = (ZlibNative.ZStream*)NativeMemory.AllocZeroed((nuint)sizeof(ZlibNative.ZStream));
        var code = ZlibNative.InflateInit2(_stream, ZlibNative.GzipWindowBits, "1.2.13", sizeof(ZlibNative.ZStream));
        if (code != ZlibNative.Ok)
        {
            NativeMemory.Free(_stream);
            _stream = null;
            throw new InvalidOperationException($"zlib: could not start inflating (error {code})");
        }
    }

    protected override int Decode(Span<byte> buffer)
    {
        if (!_memberOpen && Input[InputPosition] != 0x1F)
            throw new InvalidDataException($"gzip: unexpected byte 0x{Input[InputPosition]:X2} where a gzip member should start");
        fixed (byte* src = Input)
        fixed (byte* dst = buffer)
        {
            _stream->NextIn = src + InputPosition;
            _stream->AvailIn = (uint)(InputLength - InputPosition);
            _stream->NextOut = dst;
            _stream->AvailOut = (uint)buffer.Length;
            _memberOpen = true;
            _anyMember = true;
            var code = ZlibNative.Inflate(_stream, ZlibNative.NoFlush);
            InputPosition = InputLength - (int)_stream->AvailIn;
            if (code == ZlibNative.StreamEnd)
            {
                _memberOpen = false;
                ZlibNative.InflateReset(_stream);
            }
            else if (code != ZlibNative.Ok && code != ZlibNative.BufError)
            {
                throw new InvalidDataException("gzip: corrupt data: " + ZlibNative.Message(_stream, code));
            }
            return buffer.Length - (int)_stream->AvailOut;
        }
    }

    protected override void CheckEnd()
    {
        if (_memberOpen) throw new InvalidDataException("gzip: the stream ends inside a member (truncated input)");
        if (!_anyMember) throw new InvalidDataException("gzip: the stream is empty");
    }

    protected override void ReleaseDecoder()
    {
        if (_stream == null) return;
        ZlibNative.InflateEnd(_stream);
        NativeMemory.Free(_stream);
        _stream = null;
    }
}
