namespace ProvenanceGuard.Formats.Parquet.Shards;

/// <summary>
/// The Parquet shard schema (documented in schemas/shard.schema.json): one row per kept record with its text,
/// provenance, detector attributes and lineage trail. Column order is part of the format.
/// </summary>
public static class ShardColumns
{
    /// <summary>Bumped whenever a column is added, removed or changes meaning; stored in the footer metadata.</summary>
    public const string SchemaVersion = "2";
    public const string SchemaVersionKey = "provenanceguard.shard_schema_version";

    public const int Id = 0, Text = 1, Source = 2, ContentSha256 = 3, PMachine = 4, Llr = 5, Detector = 6, TooShort = 7,
        OriginFile = 8, OriginLine = 9, MetadataJson = 10, LineageJson = 11, ShardRow = 12, PSynthetic = 13;

    public static IReadOnlyList<ParquetColumnSpec> All { get; } =
    [
        ParquetColumnSpec.String("id", required: true),
        ParquetColumnSpec.String("text", required: true),
        ParquetColumnSpec.String("source", required: true),
        ParquetColumnSpec.String("content_sha256", required: true),
        ParquetColumnSpec.Double("p_machine"),
        ParquetColumnSpec.Double("llr"),
        ParquetColumnSpec.String("detector"),
        ParquetColumnSpec.Boolean("too_short", required: true),
        ParquetColumnSpec.String("origin_file", required: true),
        ParquetColumnSpec.Int64("origin_line", required: true),
        new("metadata_json", PhysicalType.ByteArray, Required: false, Logical: LogicalKind.Json),
        new("lineage_json", PhysicalType.ByteArray, Required: true, Logical: LogicalKind.Json),
        ParquetColumnSpec.Int64("shard_row", required: true),
        ParquetColumnSpec.Double("p_synthetic"), // version 2: appended, so earlier columns keep their places
    ];
}
