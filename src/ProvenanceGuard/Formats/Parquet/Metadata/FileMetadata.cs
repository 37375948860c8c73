namespace ProvenanceGuard.Formats.Parquet.Metadata;

// The subset of parquet.thrift's footer structures this codec reads and writes. Field ids follow parquet.thrift.

/// <summary>A footer schema node (parquet.thrift <c>SchemaElement</c>).</summary>
internal sealed class SchemaElement
{
    public PhysicalType? Type;
    public int? TypeLength;
    public Repetition? RepetitionType;
    public string Name = "";
    public int? NumChildren;
    public ConvertedType? ConvertedType;
    public int? Scale;
    public int? Precision;
    public LogicalTypeInfo? Logical;
}

/// <summary>The parts of parquet.thrift's <c>LogicalType</c> union that matter here.</summary>
internal sealed record LogicalTypeInfo(LogicalKind Kind, int Scale = 0, int Precision = 0, bool AdjustedToUtc = true, TimeUnit Unit = TimeUnit.Micros);

/// <summary>Min/max/null-count statistics (parquet.thrift <c>Statistics</c>).</summary>
internal sealed class Statistics
{
    public byte[]? Max;
    public byte[]? Min;
    public long? NullCount;
    public byte[]? MaxValue;
    public byte[]? MinValue;
}

/// <summary>A column chunk's metadata (parquet.thrift <c>ColumnMetaData</c>).</summary>
internal sealed class ColumnMetaData
{
    public PhysicalType Type;
    public List<ParquetEncoding> Encodings = new();
    public List<string> PathInSchema = new();
    public ParquetCompression Codec;
    public long NumValues;
    public long TotalUncompressedSize;
    public long TotalCompressedSize;
    public long DataPageOffset;
    public long? DictionaryPageOffset;
    public Statistics? Statistics;
}

/// <summary>parquet.thrift <c>ColumnChunk</c> (only the embedded metadata is supported, as every writer does).</summary>
internal sealed class ColumnChunk
{
    public long FileOffset;
    public ColumnMetaData? MetaData;
}

/// <summary>parquet.thrift <c>RowGroup</c>.</summary>
internal sealed class RowGroup
{
    public List<ColumnChunk> Columns = new();
    public long TotalByteSize;
    public long NumRows;
    public long? FileOffset;
    public long? TotalCompressedSize;
}

/// <summary>parquet.thrift <c>FileMetaData</c>.</summary>
internal sealed class FileMetaData
{
    public int Version;
    public List<SchemaElement> Schema = new();
    public long NumRows;
    public List<RowGroup> RowGroups = new();
    public List<KeyValuePair<string, string?>> KeyValueMetadata = new();
    public string? CreatedBy;
    /// <summary>Number of leaf columns for which a TypeDefinedOrder column order is written.</summary>
    public int ColumnOrderCount;
}

/// <summary>parquet.thrift <c>PageHeader</c> with its data, data v2 and dictionary headers flattened in.</summary>
internal sealed class PageHeader
{
    public PageType Type;
    public int UncompressedPageSize;
    public int CompressedPageSize;

    // DataPageHeader (v1), DataPageHeaderV2 and DictionaryPageHeader share these.
    public int NumValues;
    public ParquetEncoding Encoding;

    // v1
    public ParquetEncoding DefinitionLevelEncoding = ParquetEncoding.Rle;
    public ParquetEncoding RepetitionLevelEncoding = ParquetEncoding.Rle;

    // v2
    public int NumNulls;
    public int NumRows;
    public int DefinitionLevelsByteLength;
    public int RepetitionLevelsByteLength;
    public bool IsCompressed = true;

    public Statistics? Statistics;
    public bool HasTypeHeader;
}
