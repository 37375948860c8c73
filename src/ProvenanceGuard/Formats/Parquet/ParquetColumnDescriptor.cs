using ProvenanceGuard.Formats.Parquet.Metadata;

namespace ProvenanceGuard.Formats.Parquet;

/// <summary>
/// A leaf column of a Parquet schema: its dotted path, physical and logical type, and the maximum definition and
/// repetition levels that locate its values in the nesting.
/// </summary>
public sealed class ParquetColumnDescriptor
{
    internal ParquetColumnDescriptor(int index, string[] path, SchemaElement element, int maxDefinitionLevel, int maxRepetitionLevel, LogicalTypeInfo logical)
    {
        Index = index;
        Path = path;
        PhysicalType = element.Type!.Value;
        TypeLength = element.TypeLength ?? 0;
        Repetition = element.RepetitionType ?? Repetition.Required;
        MaxDefinitionLevel = maxDefinitionLevel;
        MaxRepetitionLevel = maxRepetitionLevel;
        Logical = logical;
    }

    /// <summary>Position among the file's leaf columns (the column chunk index in every row group).</summary>
    public int Index { get; }
    public IReadOnlyList<string> Path { get; }
    public string DottedPath => string.Join('.', Path);
    public PhysicalType PhysicalType { get; }
    /// <summary>Byte width of FIXED_LEN_BYTE_ARRAY values (0 otherwise).</summary>
    public int TypeLength { get; }
    public Repetition Repetition { get; }
    public int MaxDefinitionLevel { get; }
    public int MaxRepetitionLevel { get; }
    public LogicalKind LogicalKind => Logical.Kind;
    public int DecimalScale => Logical.Scale;
    public TimeUnit TimestampUnit => Logical.Unit;
    public bool TimestampAdjustedToUtc => Logical.AdjustedToUtc;
    internal LogicalTypeInfo Logical { get; }

    public override string ToString() => $"{DottedPath} ({PhysicalType}{(LogicalKind == LogicalKind.None ? "" : " " + LogicalKind)})";
}
