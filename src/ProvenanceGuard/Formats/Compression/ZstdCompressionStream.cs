using System.Buffers;

namespace ProvenanceGuard.Formats.Compression;

/// <summary>A write-only stream that compresses into one zstd frame, finished on dispose.</summary>
public sealed unsafe class ZstdCompressionStream : WriteOnlyForwardStream
{
    private readonly Stream _inner;
    private readonly bool _leaveOpen;
    private readonly byte[] _output = ArrayPool<byte>.Shared.Rent(128 * 1024);
    private nint _context;

    public ZstdCompressionStream(Stream inner, int level = Zstd.DefaultLevel, bool leaveOpen = false)
    {
        _inner = inner;
        _leaveOpen = leaveOpen;
        _context = ZstdNative.CreateCCtx();
        if (_context == 0) throw new InvalidOperationException("zstd: could not create a compression context");
        ZstdNative.Check(ZstdNative.SetParameter(_context, ZstdNative.CompressionLevelParameter, level));
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_context == 0, this);
        Pump(buffer, ZstdNative.EndDirective.Continue);
    }

    private void Pump(ReadOnlySpan<byte> data, ZstdNative.EndDirective directive)
    {
        fixed (byte* src = data)
        fixed (byte* dst = _output)
        {
            var input = new ZstdNative.InBuffer { Src = src, Size = (nuint)data.Length, Pos = 0 };
            while (true)
            {
                var output = new ZstdNative.OutBuffer { Dst = dst, Size = (nuint)_output.Length, Pos = 0 };
                var remaining = ZstdNative.Check(ZstdNative.CompressStream2(_context, &output, &input, directive));
                if (output.Pos > 0) _inner.Write(_output, 0, (int)output.Pos);
                var inputDone = input.Pos == input.Size;
                if (directive == ZstdNative.EndDirective.Continue ? inputDone : remaining == 0) return;
            }
        }
    }

    public override void Flush() => _inner.Flush();

    protected override void Dispose(bool disposing)
    {
        if (_context != 0)
        {
            try
            {
                if (disposing) Pump(ReadOnlySpan<byte>.Empty, ZstdNative.EndDirective.End);
            }
            finally
            {
                ZstdNative.FreeCCtx(_context);
                _context = 0;
                ArrayPool<byte>.Shared.Return(_output);
                if (disposing && !_leaveOpen) _inner.Dispose();
            }
        }
        base.Dispose(disposing);
    }
}
