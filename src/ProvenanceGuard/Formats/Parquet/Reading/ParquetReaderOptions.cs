namespace ProvenanceGuard.Formats.Parquet;

/// <summary>
/// Limits the reader enforces before allocating from sizes a file declares, so a corrupt or hostile file cannot make
/// it allocate more than these bounds.
/// </summary>
public sealed record ParquetReaderOptions
{
    /// <summary>Largest footer accepted.</summary>
    public int MaxFooterBytes { get; init; } = 64 << 20;
    /// <summary>Largest uncompressed page accepted (compressed pages are also bounded by the file's length).</summary>
    public int MaxPageBytes { get; init; } = 512 << 20;
    /// <summary>Largest total of uncompressed page sizes in one column chunk (all its pages are decompressed together).</summary>
    public int MaxColumnChunkBytes { get; init; } = Array.MaxLength;
    /// <summary>Largest number of level entries (values including nulls) in one page.</summary>
    public int MaxValuesPerPage { get; init; } = 1 << 26;

    public static ParquetReaderOptions Default { get; } = new();
}
