namespace ProvenanceGuard.Formats.Parquet.Shards;

/// <summary>How Parquet shards are written: codec (ZSTD by default), row-group size and extra footer metadata.</summary>
public sealed record ParquetShardOptions
{
    public ParquetCompression Compression { get; init; } = ParquetCompression.Zstd;
    public int ZstdLevel { get; init; } = 3;
    public int RowGroupRows { get; init; } = 100_000;
    public long RowGroupBytes { get; init; } = 64L << 20;
    public int PageBytes { get; init; } = 8 << 20;
    /// <summary>Extra footer entries (e.g. "provenanceguard.manifest_digest"), written after the schema version.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> KeyValueMetadata { get; init; } = Array.Empty<KeyValuePair<string, string>>();
}
