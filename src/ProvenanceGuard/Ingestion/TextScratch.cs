using System.Buffers;

namespace ProvenanceGuard.Ingestion;

/// <summary>
/// A reusable char buffer for one text at a time (decoding and normalizing a record's text before it is scored and
/// stored), so a batch's texts need no string each: per-record strings were two thirds of what a run allocated.
/// </summary>
internal sealed class TextScratch : IDisposable
{
    private char[] _chars = ArrayPool<char>.Shared.Rent(16 << 10);

    /// <summary>A span of at least <paramref name="length"/> chars; what it held before is lost.</summary>
    public Span<char> Reserve(int length)
    {
        if (_chars.Length < length)
        {
            ArrayPool<char>.Shared.Return(_chars);
            _chars = ArrayPool<char>.Shared.Rent(length);
        }
        return _chars;
    }

    /// <summary>The first <paramref name="length"/> chars, as the last writer left them.</summary>
    public ReadOnlySpan<char> Chars(int length) => _chars.AsSpan(0, length);

    public void Dispose()
    {
        ArrayPool<char>.Shared.Return(_chars);
        _chars = [];
    }
}
