namespace ProvenanceGuard.Formats.Parquet.Writing;

/// <summary>
/// The chunk encoder's reusable buffers: definition levels, one set of buffers per page (pages of a chunk are built
/// first and compressed in parallel, so each needs its own), and the dictionary builder's tables.
/// </summary>
internal sealed class EncoderScratch
{
    private readonly List<PageBuffers> _pages = new();

    public ByteBuffer Levels { get; } = new(1 << 12);
    public DictionaryScratch Dictionary { get; } = new();

    /// <summary>The buffers of the chunk's page number <paramref name="index"/> (created on first use, then kept).</summary>
    public PageBuffers Page(int index)
    {
        while (_pages.Count <= index) _pages.Add(new PageBuffers());
        return _pages[index];
    }
}

/// <summary>One page's buffers: the body when it is not a slice of the column's values, the v2 level prefix, the compressed body.</summary>
internal sealed class PageBuffers
{
    public ByteBuffer Body { get; } = new(1 << 12);
    public ByteBuffer Prefix { get; } = new(1 << 8);
    public ByteBuffer Compressed { get; } = new(1 << 12);
}

/// <summary>The dictionary builder's working memory: value indices, the open-addressing table, entries and the dictionary page.</summary>
internal sealed class DictionaryScratch
{
    public int[] Indices = new int[1024];
    public int[] Table = new int[64];
    public int[] SpareTable = new int[64];
    public List<int> Entries { get; } = new();
    public List<int> Hashes { get; } = new();
    public ByteBuffer Plain { get; } = new(1 << 12);
}
