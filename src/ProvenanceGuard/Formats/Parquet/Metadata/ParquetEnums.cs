namespace ProvenanceGuard.Formats.Parquet;

/// <summary>Parquet physical types (parquet.thrift <c>Type</c>).</summary>
public enum PhysicalType
{
    Boolean = 0,
    Int32 = 1,
    Int64 = 2,
    Int96 = 3,
    Float = 4,
    Double = 5,
    ByteArray = 6,
    FixedLenByteArray = 7,
}

/// <summary>Field repetition (parquet.thrift <c>FieldRepetitionType</c>).</summary>
public enum Repetition
{
    Required = 0,
    Optional = 1,
    Repeated = 2,
}

/// <summary>Page and level encodings (parquet.thrift <c>Encoding</c>).</summary>
public enum ParquetEncoding
{
    Plain = 0,
    PlainDictionary = 2,
    Rle = 3,
    BitPacked = 4,
    DeltaBinaryPacked = 5,
    DeltaLengthByteArray = 6,
    DeltaByteArray = 7,
    RleDictionary = 8,
    ByteStreamSplit = 9,
}

/// <summary>Column chunk compression codecs (parquet.thrift <c>CompressionCodec</c>).</summary>
public enum ParquetCompression
{
    Uncompressed = 0,
    Snappy = 1,
    Gzip = 2,
    Lzo = 3,
    Brotli = 4,
    Lz4 = 5,
    Zstd = 6,
    Lz4Raw = 7,
}

/// <summary>Page types (parquet.thrift <c>PageType</c>).</summary>
internal enum PageType
{
    DataPage = 0,
    IndexPage = 1,
    DictionaryPage = 2,
    DataPageV2 = 3,
}

/// <summary>The legacy converted types this codec interprets (parquet.thrift <c>ConvertedType</c>).</summary>
internal enum ConvertedType
{
    Utf8 = 0,
    Map = 1,
    MapKeyValue = 2,
    List = 3,
    Enum = 4,
    Decimal = 5,
    Date = 6,
    TimeMillis = 7,
    TimeMicros = 8,
    TimestampMillis = 9,
    TimestampMicros = 10,
    Json = 19,
}

/// <summary>The logical (annotated) meaning of a column's values, as far as this codec interprets it.</summary>
public enum LogicalKind
{
    None,
    String,
    Date,
    Timestamp,
    Decimal,
    List,
    Map,
    Json,
    Other,
}

/// <summary>Time unit of a TIMESTAMP column.</summary>
public enum TimeUnit
{
    Millis,
    Micros,
    Nanos,
}
