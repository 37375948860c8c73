using System.Buffers;

namespace ProvenanceGuard.Formats.Compression;

/// <summary>
/// Base for the native decompression streams: owns the compressed input buffer and its refill from the inner stream,
/// so a codec only decodes what is buffered and says whether the input may end where it did.
/// </summary>
public abstract class BufferedDecompressionStream(Stream inner, bool leaveOpen) : ReadOnlyForwardStream
{
    private byte[]? _input = ArrayPool<byte>.Shared.Rent(128 * 1024);
    private bool _innerEnded;

    /// <summary>The compressed bytes read from the inner stream and not yet decoded: <c>Input[InputPosition..InputLength]</c>.</summary>
    protected byte[] Input => _input ?? throw new ObjectDisposedException(GetType().Name);
    protected int InputLength { get; private set; }
    protected int InputPosition { get; set; }

    public sealed override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty) return 0;
        ObjectDisposedException.ThrowIf(_input is null, this);
        while (true)
        {
            if (InputPosition == InputLength && !_innerEnded)
            {
                InputLength = inner.Read(_input, 0, _input.Length);
                InputPosition = 0;
                if (InputLength == 0) _innerEnded = true;
            }
            if (InputPosition == InputLength && _innerEnded)
            {
                CheckEnd();
                return 0;
            }
            var produced = Decode(buffer);
            if (produced > 0) return produced;
        }
    }

    /// <summary>Decodes from the buffered input (advancing <see cref="InputPosition"/>) into <paramref name="output"/>; returns the bytes produced.</summary>
    protected abstract int Decode(Span<byte> output);

    /// <summary>Called when the input is exhausted: throws <see cref="InvalidDataException"/> if it ended where it must not (a truncated frame or member).</summary>
    protected abstract void CheckEnd();

    /// <summary>Frees the codec's native state; called once.</summary>
    protected abstract void ReleaseDecoder();

    protected override void Dispose(bool disposing)
    {
        if (_input is not null)
        {
            ReleaseDecoder();
            ArrayPool<byte>.Shared.Return(_input);
            _input = null;
            if (disposing && !leaveOpen) inner.Dispose();
        }
        base.Dispose(disposing);
    }
}
