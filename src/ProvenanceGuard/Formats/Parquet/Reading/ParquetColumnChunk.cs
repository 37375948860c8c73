using System.Text;

namespace ProvenanceGuard.Formats.Parquet;

/// <summary>
/// The decoded values of one leaf column in one row group: definition and repetition levels (one entry per value
/// slot, nulls included) and the dense non-null values in their physical type. Byte-array values share one buffer.
/// </summary>
public sealed class ParquetColumnChunk
{
    private readonly Reading.ValueStore _values;
    private readonly int[]? _definitionLevels;
    private readonly int[]? _repetitionLevels;

    internal ParquetColumnChunk(ParquetColumnDescriptor column, int rowGroup, Reading.ValueStore values, int[]? definitionLevels, int[]? repetitionLevels, int levelCount)
    {
        Column = column;
        RowGroup = rowGroup;
        _values = values;
        _definitionLevels = definitionLevels;
        _repetitionLevels = repetitionLevels;
        LevelCount = levelCount;
    }

    public ParquetColumnDescriptor Column { get; }

    /// <summary>Hands the byte buffer to the decoder for reuse; the chunk is unusable afterwards.</summary>
    internal byte[] DetachBuffer()
    {
        var bytes = _values.Bytes;
        _values.Clear();
        _values.Bytes = Array.Empty<byte>();
        LevelCount = 0;
        return bytes;
    }
    public int RowGroup { get; }
    /// <summary>Number of value slots (rows for flat columns), nulls included.</summary>
    public int LevelCount { get; private set; }
    /// <summary>Number of non-null values.</summary>
    public int ValueCount => _values.Count;

    /// <summary>Definition levels, one per slot; empty when the column is required and not nested.</summary>
    public ReadOnlySpan<int> DefinitionLevels => _definitionLevels is null ? default : _definitionLevels.AsSpan(0, LevelCount);
    /// <summary>Repetition levels, one per slot; empty when the column is not repeated.</summary>
    public ReadOnlySpan<int> RepetitionLevels => _repetitionLevels is null ? default : _repetitionLevels.AsSpan(0, LevelCount);

    public ReadOnlySpan<bool> Booleans => _values.Booleans.AsSpan(0, Type == PhysicalType.Boolean ? ValueCount : 0);
    public ReadOnlySpan<int> Int32s => _values.Int32s.AsSpan(0, Type == PhysicalType.Int32 ? ValueCount : 0);
    public ReadOnlySpan<long> Int64s => _values.Int64s.AsSpan(0, Type == PhysicalType.Int64 ? ValueCount : 0);
    public ReadOnlySpan<float> Floats => _values.Floats.AsSpan(0, Type == PhysicalType.Float ? ValueCount : 0);
    public ReadOnlySpan<double> Doubles => _values.Doubles.AsSpan(0, Type == PhysicalType.Double ? ValueCount : 0);

    private PhysicalType Type => Column.PhysicalType;

    /// <summary>The raw bytes of non-null value <paramref name="valueIndex"/> (BYTE_ARRAY, FIXED_LEN_BYTE_ARRAY, INT96).</summary>
    public ReadOnlySpan<byte> GetBytes(int valueIndex)
    {
        if (!_values.IsBinary) throw new InvalidOperationException($"column '{Column.DottedPath}' is {Type}, not a byte array");
        if ((uint)valueIndex >= (uint)ValueCount) throw new ArgumentOutOfRangeException(nameof(valueIndex));
        return _values.GetBytes(valueIndex);
    }

    /// <summary>Non-null value <paramref name="valueIndex"/> decoded as UTF-8.</summary>
    public string GetString(int valueIndex) => Encoding.UTF8.GetString(GetBytes(valueIndex));

    /// <summary>Whether slot <paramref name="slot"/> holds a value (its definition level is the maximum).</summary>
    public bool HasValue(int slot) => _definitionLevels is null || _definitionLevels[slot] == Column.MaxDefinitionLevel;

    /// <summary>Non-null value <paramref name="valueIndex"/> as a CLR object, following the logical type (see <see cref="ParquetValueConverter"/>).</summary>
    public object GetValue(int valueIndex)
    {
        if ((uint)valueIndex >= (uint)ValueCount) throw new ArgumentOutOfRangeException(nameof(valueIndex));
        return ParquetValueConverter.Convert(Column, _values, valueIndex);
    }
}
