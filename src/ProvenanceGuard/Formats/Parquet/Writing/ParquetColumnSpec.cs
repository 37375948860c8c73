namespace ProvenanceGuard.Formats.Parquet;

/// <summary>
/// A flat column the writer emits: name, physical type, whether nulls are allowed, and its logical annotation.
/// </summary>
public sealed record ParquetColumnSpec(
    string Name,
    PhysicalType Type,
    bool Required = false,
    LogicalKind Logical = LogicalKind.None,
    int TypeLength = 0,
    int DecimalScale = 0,
    int DecimalPrecision = 0,
    TimeUnit TimestampUnit = TimeUnit.Micros)
{
    public static ParquetColumnSpec String(string name, bool required = false) => new(name, PhysicalType.ByteArray, required, LogicalKind.String);
    public static ParquetColumnSpec Bytes(string name, bool required = false) => new(name, PhysicalType.ByteArray, required);
    public static ParquetColumnSpec Int32(string name, bool required = false) => new(name, PhysicalType.Int32, required);
    public static ParquetColumnSpec Int64(string name, bool required = false) => new(name, PhysicalType.Int64, required);
    public static ParquetColumnSpec Float(string name, bool required = false) => new(name, PhysicalType.Float, required);
    public static ParquetColumnSpec Double(string name, bool required = false) => new(name, PhysicalType.Double, required);
    public static ParquetColumnSpec Boolean(string name, bool required = false) => new(name, PhysicalType.Boolean, required);
    public static ParquetColumnSpec Date(string name, bool required = false) => new(name, PhysicalType.Int32, required, LogicalKind.Date);
    public static ParquetColumnSpec Timestamp(string name, bool required = false, TimeUnit unit = TimeUnit.Micros) => new(name, PhysicalType.Int64, required, LogicalKind.Timestamp, TimestampUnit: unit);
}
