using System.Buffers;

namespace ProvenanceGuard.Ingestion;

/// <summary>One raw record found by <see cref="RecordSplitter"/>. <see cref="Bytes"/> is valid until the next call.</summary>
internal readonly ref struct RawSegment(ReadOnlySpan<byte> bytes, long offset, long line, bool tooLarge, long fullLength)
{
    public ReadOnlySpan<byte> Bytes { get; } = bytes;
    /// <summary>Byte offset of the record's first byte in the (decompressed) stream.</summary>
    public long Offset { get; } = offset;
    /// <summary>1-based line the record starts on.</summary>
    public long Line { get; } = line;
    /// <summary>The record exceeded the size limit; <see cref="Bytes"/> holds only a sample of its start.</summary>
    public bool TooLarge { get; } = tooLarge;
    public long FullLength { get; } = fullLength;
}

/// <summary>
/// Cuts a byte stream into records at newlines (for CSV: newlines outside double quotes) without ever
/// holding more than the size limit of one record: a longer record is skipped and reported with a sample.
/// </summary>
internal sealed class RecordSplitter : IDisposable
{
    private const int InitialBuffer = 1 << 20;
    private readonly Stream _stream;
    private readonly long _maxRecordBytes;
    private readonly int _sampleBytes;
    private readonly bool _csvQuotes;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(InitialBuffer);
    private readonly byte[] _sample;
    private int _pos;
    private int _len;
    private bool _eof;
    private long _bufferOffset;
    private long _nextLine;

    public RecordSplitter(Stream stream, long maxRecordBytes, int sampleBytes, bool csvQuotes, long startOffset = 0, long startLine = 1)
    {
        _stream = stream;
        _maxRecordBytes = maxRecordBytes;
        _sampleBytes = sampleBytes;
        _csvQuotes = csvQuotes;
        _bufferOffset = startOffset;
        _nextLine = startLine;
        _sample = new byte[sampleBytes];
    }

    /// <summary>Bytes consumed from the stream so far, relative to its start offset.</summary>
    public long Position => _bufferOffset + _pos;

    /// <summary>The line the next record would start on (for errors raised between records).</summary>
    public long NextLine => _nextLine;

    public bool TryNext(out RawSegment segment)
    {
        while (true)
        {
            var (boundary, newlines) = FindBoundary(_buffer.AsSpan(_pos, _len - _pos));
            if (boundary >= 0)
            {
                var line = _nextLine;
                var bytes = _buffer.AsSpan(_pos, boundary);
                if (bytes.Length > 0 && bytes[^1] == (byte)'\r') bytes = bytes[..^1];
                var offset = _bufferOffset + _pos;
                _pos += boundary + 1;
                _nextLine += newlines + 1;
                if (bytes.Length > _maxRecordBytes)
                {
                    segment = new RawSegment(Sample(bytes), offset, line, true, bytes.Length);
                    return true;
                }
                segment = new RawSegment(bytes, offset, line, false, bytes.Length);
                return true;
            }

            if (_len - _pos > _maxRecordBytes)
            {
                segment = SkipTooLarge();
                return true;
            }

            if (_eof)
            {
                if (_pos < _len)
                {
                    var bytes = _buffer.AsSpan(_pos, _len - _pos);
                    var offset = _bufferOffset + _pos;
                    var line = _nextLine;
                    _nextLine += newlines;
                    _pos = _len;
                    segment = new RawSegment(bytes, offset, line, false, bytes.Length);
                    return true;
                }
                segment = default;
                return false;
            }
            Refill();
        }
    }

    private (int Index, int Newlines) FindBoundary(ReadOnlySpan<byte> data)
    {
        if (!_csvQuotes) return (data.IndexOf((byte)'\n'), 0);
        var inQuotes = false;
        var newlines = 0;
        for (var i = 0; i < data.Length; i++)
        {
            var b = data[i];
            if (b == (byte)'"') inQuotes = !inQuotes;
            else if (b == (byte)'\n')
            {
                if (!inQuotes) return (i, newlines);
                newlines++;
            }
        }
        return (-1, newlines);
    }

    private ReadOnlySpan<byte> Sample(ReadOnlySpan<byte> bytes)
    {
        var n = Math.Min(_sampleBytes, bytes.Length);
        bytes[..n].CopyTo(_sample);
        return _sample.AsSpan(0, n);
    }

    private RawSegment SkipTooLarge()
    {
        var line = _nextLine;
        var offset = _bufferOffset + _pos;
        var sampleLength = Math.Min(_sampleBytes, _len - _pos);
        _buffer.AsSpan(_pos, sampleLength).CopyTo(_sample);
        long length = 0;
        var inQuotes = false;
        while (true)
        {
            var data = _buffer.AsSpan(_pos, _len - _pos);
            for (var i = 0; i < data.Length; i++)
            {
                var b = data[i];
                if (_csvQuotes && b == (byte)'"') inQuotes = !inQuotes;
                else if (b == (byte)'\n')
                {
                    if (inQuotes) { _nextLine++; continue; }
                    _pos += i + 1;
                    _nextLine++;
                    return new RawSegment(_sample.AsSpan(0, sampleLength), offset, line, true, length + i);
                }
            }
            length += data.Length;
            _pos = _len;
            if (_eof) return new RawSegment(_sample.AsSpan(0, sampleLength), offset, line, true, length);
            Refill();
        }
    }

    private void Refill()
    {
        if (_pos > 0)
        {
            var remaining = _len - _pos;
            Buffer.BlockCopy(_buffer, _pos, _buffer, 0, remaining);
            _bufferOffset += _pos;
            _len = remaining;
            _pos = 0;
        }
        if (_len == _buffer.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min(Array.MaxLength, (long)_buffer.Length * 2));
            Buffer.BlockCopy(_buffer, 0, bigger, 0, _len);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }
        var read = _stream.Read(_buffer, _len, _buffer.Length - _len);
        if (read == 0) _eof = true;
        _len += read;
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }
}
