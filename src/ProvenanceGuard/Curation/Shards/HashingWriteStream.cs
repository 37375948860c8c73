using System.Security.Cryptography;
using ProvenanceGuard.Formats.Compression;

namespace ProvenanceGuard.Curation.Shards;

/// <summary>Writes through to a file and hashes every byte on the way, so a shard's digest costs no second read.</summary>
internal sealed class HashingWriteStream(Stream inner) : WriteOnlyForwardStream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public long BytesWritten { get; private set; }

    public string Sha256() => Convert.ToHexStringLower(_hash.GetCurrentHash());

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _hash.AppendData(buffer);
        inner.Write(buffer);
        BytesWritten += buffer.Length;
    }

    public override void Flush() => inner.Flush();

    protected override void Dispose(bool disposing)
    {
        if (disposing) _hash.Dispose();
        base.Dispose(disposing);
    }
}
