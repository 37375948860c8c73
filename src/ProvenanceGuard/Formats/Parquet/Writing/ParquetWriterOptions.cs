namespace ProvenanceGuard.Formats.Parquet;

/// <summary>How the writer lays out a file: codec, dictionary use, row-group and page sizes, page version, metadata.</summary>
public sealed record ParquetWriterOptions
{
    public ParquetCompression Compression { get; init; } = ParquetCompression.Zstd;
    public int ZstdLevel { get; init; } = 3;
    /// <summary>Dictionary-encode columns whose distinct values fit in <see cref="DictionaryPageLimitBytes"/>.</summary>
    public bool Dictionary { get; init; } = true;
    public int DictionaryPageLimitBytes { get; init; } = 1 << 20;
    /// <summary>A row group ends after this many rows ...</summary>
    public int RowGroupRows { get; init; } = 1 << 20;
    /// <summary>... or once its buffered column data reaches this many bytes, whichever comes first.</summary>
    public long RowGroupBytes { get; init; } = 64L << 20;
    /// <summary>
    /// Target uncompressed size of a data page. Each page is one compression frame, so text compresses better in
    /// larger pages (DuckDB writes pages of up to 100 MB); 8 MiB keeps most of that gain with bounded reader memory.
    /// </summary>
    public int PageBytes { get; init; } = 8 << 20;
    /// <summary>1 writes DATA_PAGE (v1) pages, 2 writes DATA_PAGE_V2 pages.</summary>
    public int DataPageVersion { get; init; } = 1;
    /// <summary>Byte-array min/max statistics longer than this are omitted (the null count is always written).</summary>
    public int MaxStatisticsValueBytes { get; init; } = 256;
    /// <summary>Written into the footer in this order (e.g. schema version, manifest digest).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> KeyValueMetadata { get; init; } = Array.Empty<KeyValuePair<string, string>>();
    /// <summary>A fixed string: no timestamps or hosts, so identical input yields identical bytes.</summary>
    public string CreatedBy { get; init; } = "ProvenanceGuard parquet-writer version 0.1.0";
}
