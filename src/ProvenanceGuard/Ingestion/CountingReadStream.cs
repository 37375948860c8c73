using ProvenanceGuard.Formats.Compression;

namespace ProvenanceGuard.Ingestion;

/// <summary>Passes reads through and counts the bytes (compressed input consumed, for ratio limits and progress).</summary>
internal sealed class CountingReadStream(Stream inner) : ReadOnlyForwardStream
{
    public long BytesRead { get; private set; }

    public override int Read(Span<byte> buffer)
    {
        var n = inner.Read(buffer);
        BytesRead += n;
        return n;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
