namespace ProvenanceGuard.Formats.Parquet.Reading;

/// <summary>
/// Dense, typed storage for the non-null values of a column chunk (or a dictionary): one array for the physical
/// type, and for byte arrays one contiguous byte buffer with offsets, so decoding allocates per page, not per value.
/// </summary>
internal sealed class ValueStore
{
    public ValueStore(PhysicalType type, int typeLength)
    {
        Type = type;
        TypeLength = type == PhysicalType.Int96 ? 12 : typeLength;
    }

    public PhysicalType Type { get; }
    public int TypeLength { get; }
    public int Count { get; private set; }

    public bool[] Booleans = Array.Empty<bool>();
    public int[] Int32s = Array.Empty<int>();
    public long[] Int64s = Array.Empty<long>();
    public float[] Floats = Array.Empty<float>();
    public double[] Doubles = Array.Empty<double>();
    /// <summary>
    /// For byte-array types: value i is Bytes[Starts[i] .. Starts[i] + Lengths[i]]. Values may point into decompressed
    /// PLAIN pages the store adopted (no copy) or into bytes appended after them (dictionary lookups, other encodings).
    /// </summary>
    public byte[] Bytes = Array.Empty<byte>();
    public int BytesLength;
    public int[] Starts = Array.Empty<int>();
    public int[] Lengths = Array.Empty<int>();

    public bool IsBinary => Type is PhysicalType.ByteArray or PhysicalType.FixedLenByteArray or PhysicalType.Int96;

    public ReadOnlySpan<byte> GetBytes(int index) => Bytes.AsSpan(Starts[index], Lengths[index]);

    /// <summary>Takes <paramref name="pages"/> (decompressed page data) as the start of the byte buffer, so PLAIN values can be referenced in place.</summary>
    public void AdoptBytes(byte[] pages, int length)
    {
        if (BytesLength != 0) throw new InvalidOperationException("bytes can only be adopted by an empty store");
        Bytes = pages;
        BytesLength = length;
    }

    /// <summary>Records a value that already lies in <see cref="Bytes"/> (room reserved by <see cref="Reserve"/>).</summary>
    public void AddInPlace(int start, int length)
    {
        Starts[Count] = start;
        Lengths[Count++] = length;
    }

    /// <summary>Reserves room for <paramref name="count"/> more values (the caller has checked the count against the page).</summary>
    public void Reserve(int count)
    {
        var needed = (long)Count + count;
        if (needed > Array.MaxLength) throw new ParquetFormatException("column chunk holds too many values", -1);
        switch (Type)
        {
            case PhysicalType.Boolean: Grow(ref Booleans, needed); break;
            case PhysicalType.Int32: Grow(ref Int32s, needed); break;
            case PhysicalType.Int64: Grow(ref Int64s, needed); break;
            case PhysicalType.Float: Grow(ref Floats, needed); break;
            case PhysicalType.Double: Grow(ref Doubles, needed); break;
            default:
                Grow(ref Starts, needed);
                Grow(ref Lengths, needed);
                break;
        }
    }

    public void ReserveBytes(long count)
    {
        var needed = BytesLength + count;
        if (needed > Array.MaxLength) throw new ParquetFormatException("column chunk holds more than 2 GB of byte-array data", -1);
        Grow(ref Bytes, needed);
    }

    private static void Grow<T>(ref T[] array, long needed)
    {
        if (needed <= array.Length) return;
        var size = Math.Max(needed, Math.Min((long)array.Length * 2, Array.MaxLength));
        Array.Resize(ref array, (int)size);
    }

    public void AddBoolean(bool v) => Booleans[Count++] = v;
    public void AddInt32(int v) => Int32s[Count++] = v;
    public void AddInt64(long v) => Int64s[Count++] = v;
    public void AddFloat(float v) => Floats[Count++] = v;
    public void AddDouble(double v) => Doubles[Count++] = v;

    /// <summary>Appends a byte-array value; room for the offset must have been reserved, bytes grow as needed.</summary>
    public void AddBytes(ReadOnlySpan<byte> v)
    {
        ReserveBytes(v.Length);
        v.CopyTo(Bytes.AsSpan(BytesLength));
        Starts[Count] = BytesLength;
        Lengths[Count++] = v.Length;
        BytesLength += v.Length;
    }

    public Span<int> Int32Slots(int count) => Int32s.AsSpan(Count, count);
    public Span<long> Int64Slots(int count) => Int64s.AsSpan(Count, count);
    public Span<float> FloatSlots(int count) => Floats.AsSpan(Count, count);
    public Span<double> DoubleSlots(int count) => Doubles.AsSpan(Count, count);
    public Span<bool> BooleanSlots(int count) => Booleans.AsSpan(Count, count);
    public void Commit(int count) => Count += count;

    /// <summary>Appends value <paramref name="index"/> of <paramref name="source"/> (dictionary lookup).</summary>
    public void AddFrom(ValueStore source, int index)
    {
        switch (Type)
        {
            case PhysicalType.Boolean: Booleans[Count++] = source.Booleans[index]; break;
            case PhysicalType.Int32: Int32s[Count++] = source.Int32s[index]; break;
            case PhysicalType.Int64: Int64s[Count++] = source.Int64s[index]; break;
            case PhysicalType.Float: Floats[Count++] = source.Floats[index]; break;
            case PhysicalType.Double: Doubles[Count++] = source.Doubles[index]; break;
            default: AddBytes(source.GetBytes(index)); break;
        }
    }

    public void Clear()
    {
        Count = 0;
        BytesLength = 0;
    }
}
