namespace ProvenanceGuard.Records;

/// <summary>Packs the texts of one batch of records into slabs, starting a new slab whenever the next text does not fit.</summary>
internal sealed class TextSlabWriter(TextSlabPool pool) : IDisposable
{
    private TextSlab? _current;

    public TextSlice Append(ReadOnlySpan<char> text)
    {
        // Three bytes per UTF-16 unit is the most UTF-8 can take; a text too long for that bound to fit is counted exactly.
        var needed = text.Length < pool.SlabBytes / 3 - 1 ? System.Text.Encoding.UTF8.GetMaxByteCount(text.Length)
            : System.Text.Encoding.UTF8.GetByteCount(text);
        if (needed > pool.SlabBytes)
        {
            var own = new TextSlab(GC.AllocateUninitializedArray<byte>(needed), pool: null);
            var slice = Encode(own, text);
            own.Release(); // only the record holds an oversized text's buffer
            return slice;
        }
        if (_current is null || _current.Bytes.Length - _current.Used < needed)
        {
            _current?.Release();
            _current = new TextSlab(pool.Rent(), pool);
        }
        return Encode(_current, text);
    }

    private static TextSlice Encode(TextSlab slab, ReadOnlySpan<char> text)
    {
        var length = System.Text.Encoding.UTF8.GetBytes(text, slab.Bytes.AsSpan(slab.Used));
        var slice = new TextSlice(slab, slab.Used, length, text.Length);
        slab.Used += length;
        slab.Hold();
        return slice;
    }

    public void Dispose()
    {
        _current?.Release();
        _current = null;
    }
}
