namespace ProvenanceGuard.Records;

/// <summary>
/// One buffer of UTF-8 texts, shared by the records whose texts it holds and released by each when its text is no
/// longer needed; the last release hands the buffer back to its pool.
/// </summary>
internal sealed class TextSlab(byte[] bytes, TextSlabPool? pool)
{
    private int _holders = 1; // the writer filling it

    public byte[] Bytes { get; } = bytes;
    public int Used { get; set; }

    public void Hold() => Interlocked.Increment(ref _holders);

    public void Release()
    {
        var left = Interlocked.Decrement(ref _holders);
        if (left == 0) pool?.Return(Bytes);
        else if (left < 0) throw new InvalidOperationException("a text slab was released more often than it was held");
    }
}

/// <summary>A record's text inside a <see cref="TextSlab"/>: where its UTF-8 bytes are, and how many UTF-16 characters they decode to.</summary>
internal readonly record struct TextSlice(TextSlab Slab, int Offset, int Length, int Chars)
{
    public ReadOnlySpan<byte> Bytes => Slab.Bytes.AsSpan(Offset, Length);
}
