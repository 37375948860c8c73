using System.Buffers.Binary;
using System.Text;

namespace ProvenanceGuard.Formats.Parquet.Writing;

/// <summary>
/// Buffers one column's values for the current row group, already PLAIN-encoded back to back (booleans one byte
/// each), with the start offset of every value and a definition level per row for optional columns.
/// </summary>
internal sealed class ColumnBuffer
{
    private int[] _offsets = new int[1024];
    private int[] _definitionLevels;

    public ColumnBuffer(ParquetColumnSpec spec)
    {
        Spec = spec;
        MaxDefinitionLevel = spec.Required ? 0 : 1;
        _definitionLevels = spec.Required ? Array.Empty<int>() : new int[1024];
    }

    public ParquetColumnSpec Spec { get; }
    public int MaxDefinitionLevel { get; }
    public ByteBuffer Plain { get; } = new(1 << 16);
    public int Slots { get; private set; }
    public int ValueCount { get; private set; }
    public int NullCount => Slots - ValueCount;
    public long EstimatedBytes => Plain.Length + 4L * Slots;
    /// <summary>Whether the current row has received its value.</summary>
    public bool RowFilled { get; private set; }

    public ReadOnlySpan<int> DefinitionLevels => _definitionLevels.AsSpan(0, MaxDefinitionLevel == 0 ? 0 : Slots);
    public int ValueStart(int valueIndex) => valueIndex == 0 ? 0 : _offsets[valueIndex];
    public int ValueEnd(int valueIndex) => valueIndex + 1 == ValueCount ? Plain.Length : _offsets[valueIndex + 1];
    public ReadOnlySpan<byte> ValueBytes(int valueIndex) => Plain.Span[ValueStart(valueIndex)..ValueEnd(valueIndex)];
    /// <summary>The value without its PLAIN length prefix (what statistics compare).</summary>
    public ReadOnlySpan<byte> ValuePayload(int valueIndex) =>
        Spec.Type == PhysicalType.ByteArray ? ValueBytes(valueIndex)[4..] : ValueBytes(valueIndex);

    public void Reset()
    {
        Plain.Clear();
        Slots = 0;
        ValueCount = 0;
        RowFilled = false;
    }

    public void EndRow() => RowFilled = false;

    public void AddNull()
    {
        if (MaxDefinitionLevel == 0) throw new InvalidOperationException($"column '{Spec.Name}' is required and cannot hold null");
        BeginSlot();
        _definitionLevels[Slots++] = 0;
    }

    public void AddString(string value)
    {
        ExpectType(PhysicalType.ByteArray);
        var max = value.Length < (1 << 20) ? Encoding.UTF8.GetMaxByteCount(value.Length) : Encoding.UTF8.GetByteCount(value);
        var span = BeginValue(4 + max);
        var written = Encoding.UTF8.GetBytes(value, span[4..]);
        BinaryPrimitives.WriteInt32LittleEndian(span, written);
        Plain.Advance(4 + written);
    }

    public void AddBytes(ReadOnlySpan<byte> value)
    {
        if (Spec.Type == PhysicalType.FixedLenByteArray)
        {
            if (value.Length != Spec.TypeLength) throw new ArgumentException($"column '{Spec.Name}' holds {Spec.TypeLength}-byte values, got {value.Length}");
            var fixedSpan = BeginValue(value.Length);
            value.CopyTo(fixedSpan);
            Plain.Advance(value.Length);
            return;
        }
        ExpectType(PhysicalType.ByteArray);
        var span = BeginValue(4 + value.Length);
        BinaryPrimitives.WriteInt32LittleEndian(span, value.Length);
        value.CopyTo(span[4..]);
        Plain.Advance(4 + value.Length);
    }

    public void AddInt32(int value)
    {
        ExpectType(PhysicalType.Int32);
        BinaryPrimitives.WriteInt32LittleEndian(BeginValue(4), value);
        Plain.Advance(4);
    }

    public void AddInt64(long value)
    {
        ExpectType(PhysicalType.Int64);
        BinaryPrimitives.WriteInt64LittleEndian(BeginValue(8), value);
        Plain.Advance(8);
    }

    public void AddFloat(float value)
    {
        ExpectType(PhysicalType.Float);
        BinaryPrimitives.WriteSingleLittleEndian(BeginValue(4), value);
        Plain.Advance(4);
    }

    public void AddDouble(double value)
    {
        ExpectType(PhysicalType.Double);
        BinaryPrimitives.WriteDoubleLittleEndian(BeginValue(8), value);
        Plain.Advance(8);
    }

    public void AddBoolean(bool value)
    {
        ExpectType(PhysicalType.Boolean);
        BeginValue(1)[0] = value ? (byte)1 : (byte)0;
        Plain.Advance(1);
    }

    private void ExpectType(PhysicalType type)
    {
        if (Spec.Type != type) throw new ArgumentException($"column '{Spec.Name}' is {Spec.Type}, not {type}");
    }

    private void BeginSlot()
    {
        if (RowFilled) throw new InvalidOperationException($"column '{Spec.Name}' already has a value in this row");
        RowFilled = true;
        if (MaxDefinitionLevel > 0 && Slots == _definitionLevels.Length) Array.Resize(ref _definitionLevels, Slots * 2);
    }

    private Span<byte> BeginValue(int maxBytes)
    {
        BeginSlot();
        if (MaxDefinitionLevel > 0) _definitionLevels[Slots] = 1;
        Slots++;
        if (ValueCount == _offsets.Length) Array.Resize(ref _offsets, ValueCount * 2);
        _offsets[ValueCount++] = Plain.Length;
        return Plain.GetSpan(maxBytes);
    }
}
