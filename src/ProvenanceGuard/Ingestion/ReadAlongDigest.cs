using System.Buffers;
using System.Security.Cryptography;

namespace ProvenanceGuard.Ingestion;

/// <summary>
/// The SHA-256 of a local file, built from the bytes the split reader reads anyway, so the manifest digest costs no
/// second read of the file. It always covers exactly the file's first <see cref="HashedUpTo"/> bytes: a read is hashed
/// only for its bytes beyond that offset (a split reads past its end to finish its last line, and the next split starts
/// at its own start, so reads overlap) and ignored when it starts past it. <see cref="Complete"/> reads only the rest, so
/// the result is the file's SHA-256 whatever was read, or skipped, before.
/// </summary>
public sealed class ReadAlongDigest(string path) : IDisposable
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly Lock _gate = new();
    private long _hashedUpTo;
    private string? _result;

    public string Path { get; } = path;

    /// <summary>How many leading bytes of the file have been hashed.</summary>
    public long HashedUpTo
    {
        get { lock (_gate) return _hashedUpTo; }
    }

    /// <summary>Takes in <paramref name="bytes"/>, read from the file at <paramref name="position"/>.</summary>
    public void Observe(long position, ReadOnlySpan<byte> bytes)
    {
        lock (_gate)
        {
            if (_result is not null || position > _hashedUpTo) return;
            var skip = _hashedUpTo - position;
            if (skip >= bytes.Length) return;
            _hash.AppendData(bytes[(int)skip..]);
            _hashedUpTo += bytes.Length - skip;
        }
    }

    /// <summary>Wraps a stream over this file (positioned as the reader left it) so that everything read through it is observed.</summary>
    public Stream Observing(FileStream file) => new ObservedFileStream(file, this);

    /// <summary>
    /// Hashes what was not read yet (from <see cref="HashedUpTo"/> to the end of the file) and returns the lowercase hex
    /// digest, or "unreadable: ..." when the file cannot be read. Later reads are no longer observed.
    /// </summary>
    public string Complete()
    {
        lock (_gate)
        {
            if (_result is not null) return _result;
            try
            {
                using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
                stream.Position = _hashedUpTo;
                var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
                try
                {
                    int n;
                    while ((n = stream.Read(buffer, 0, buffer.Length)) > 0)
                    {
                        _hash.AppendData(buffer, 0, n);
                        _hashedUpTo += n;
                    }
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
                _result = Convert.ToHexStringLower(_hash.GetHashAndReset());
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _result = "unreadable: " + e.Message;
            }
            return _result;
        }
    }

    public void Dispose() => _hash.Dispose();

    /// <summary>A seekable pass-through over the file that shows every read, with its file offset, to the digest.</summary>
    private sealed class ObservedFileStream(FileStream inner, ReadAlongDigest digest) : Stream
    {
        public override int Read(Span<byte> buffer)
        {
            var at = inner.Position;
            var n = inner.Read(buffer);
            digest.Observe(at, buffer[..n]);
            return n;
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int ReadByte()
        {
            Span<byte> one = stackalloc byte[1];
            return Read(one) == 1 ? one[0] : -1;
        }

        public override bool CanRead => true;
        public override bool CanSeek => true;
        public override bool CanWrite => false;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => inner.Position = value; }
        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);
        public override void Flush() { }
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
