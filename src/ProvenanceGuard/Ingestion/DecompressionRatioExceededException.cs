using ProvenanceGuard.Formats.Compression;

namespace ProvenanceGuard.Ingestion;

/// <summary>A compressed input expanded past the configured ratio (a zip bomb, or a misconfigured limit).</summary>
public sealed class DecompressionRatioExceededException(long compressed, long decompressed, double limit)
    : IOException($"decompressed {decompressed:N0} bytes from {compressed:N0} compressed bytes, past the ratio limit of {limit:0.#}")
{
}

/// <summary>Stops a decompression stream once its output outgrows its input by more than the allowed ratio.</summary>
internal sealed class RatioGuardStream(Stream decompressed, CountingReadStream compressed, IngestLimits limits) : ReadOnlyForwardStream
{
    private long _produced;

    public override int Read(Span<byte> buffer)
    {
        var n = decompressed.Read(buffer);
        _produced += n;
        if (_produced > limits.DecompressionRatioGraceBytes &&
            _produced > limits.MaxDecompressionRatio * Math.Max(1, compressed.BytesRead))
            throw new DecompressionRatioExceededException(compressed.BytesRead, _produced, limits.MaxDecompressionRatio);
        return n;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) decompressed.Dispose();
        base.Dispose(disposing);
    }
}
