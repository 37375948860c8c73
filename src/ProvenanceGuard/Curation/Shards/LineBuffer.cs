using System.Buffers;

namespace ProvenanceGuard.Curation.Shards;

/// <summary>
/// Collects JSON lines in one growing byte array and hands them to a stream in large blocks. Unlike
/// <see cref="ArrayBufferWriter{T}"/> it never clears what it hands back, which mattered: clearing every
/// record's bytes showed up in profiles of shard writing.
/// </summary>
internal sealed class LineBuffer(Stream destination, int flushAt = 1 << 20) : IBufferWriter<byte>
{
    private byte[] _buffer = new byte[flushAt + 4096];
    private int _length;

    public void Advance(int count) => _length += count;

    // Reserve first: it may replace the array, and the span must be over the new one.
    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        var start = Reserve(sizeHint);
        return _buffer.AsMemory(start);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        var start = Reserve(sizeHint);
        return _buffer.AsSpan(start);
    }

    /// <summary>Ends a line; writes the collected lines out once they pass the flush size.</summary>
    public void EndLine()
    {
        Reserve(1);
        _buffer[_length++] = (byte)'\n';
        if (_length >= flushAt) Flush();
    }

    public void Flush()
    {
        destination.Write(_buffer, 0, _length);
        _length = 0;
    }

    private int Reserve(int sizeHint)
    {
        var wanted = Math.Max(sizeHint, 256);
        // What is collected is final, so it can go out now, mid-line, rather than the buffer growing.
        if (_length + wanted > _buffer.Length && _length > 0) Flush();
        if (wanted > _buffer.Length) Array.Resize(ref _buffer, wanted);
        return _length;
    }
}
