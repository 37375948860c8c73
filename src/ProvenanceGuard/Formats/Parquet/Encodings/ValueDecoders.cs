using ProvenanceGuard.Formats.Parquet.Reading;

namespace ProvenanceGuard.Formats.Parquet.Encodings;

/// <summary>Decodes a data page's value section in any supported encoding into a <see cref="ValueStore"/>.</summary>
internal static class ValueDecoders
{
    public static void Decode(ParquetEncoding encoding, ReadOnlySpan<byte> data, int count, ValueStore store, ValueStore? dictionary, ParquetColumnDescriptor column, long fileOffset)
    {
        switch (encoding)
        {
            case ParquetEncoding.Plain:
                PlainDecoder.Decode(data, count, store, fileOffset);
                return;
            case ParquetEncoding.PlainDictionary:
            case ParquetEncoding.RleDictionary:
                DecodeDictionary(data, count, store, dictionary, column, fileOffset);
                return;
            case ParquetEncoding.Rle when store.Type == PhysicalType.Boolean:
                DecodeRleBooleans(data, count, store, fileOffset);
                return;
            case ParquetEncoding.DeltaBinaryPacked when store.Type is PhysicalType.Int32 or PhysicalType.Int64:
                DecodeDeltaIntegers(data, count, store, fileOffset);
                return;
            case ParquetEncoding.DeltaLengthByteArray when store.Type == PhysicalType.ByteArray:
                DecodeDeltaLength(data, count, store, fileOffset);
                return;
            case ParquetEncoding.DeltaByteArray when store.Type is PhysicalType.ByteArray or PhysicalType.FixedLenByteArray:
                DecodeDeltaByteArray(data, count, store, fileOffset);
                return;
            case ParquetEncoding.ByteStreamSplit when store.Type is not (PhysicalType.Boolean or PhysicalType.ByteArray or PhysicalType.Int96):
                DecodeByteStreamSplit(data, count, store, fileOffset);
                return;
            default:
                throw new ParquetFormatException($"encoding {encoding} is not supported for {store.Type} column '{column.DottedPath}'", fileOffset);
        }
    }

    private static void DecodeDictionary(ReadOnlySpan<byte> data, int count, ValueStore store, ValueStore? dictionary, ParquetColumnDescriptor column, long fileOffset)
    {
        if (dictionary is null) throw new ParquetFormatException($"dictionary-encoded page in column '{column.DottedPath}' without a dictionary page", fileOffset);
        if (count == 0) return;
        if (data.Length < 1) throw new ParquetFormatException("dictionary-encoded page has no bit width", fileOffset);
        var bitWidth = data[0];
        var indices = count <= 4096 ? stackalloc int[count] : new int[count];
        RleHybridDecoder.Decode(data.Slice(1), bitWidth, indices, fileOffset + 1);
        store.Reserve(count);
        var size = dictionary.Count;
        for (var i = 0; i < count; i++)
        {
            var index = indices[i];
            if ((uint)index >= (uint)size) throw new ParquetFormatException($"dictionary index {index} out of range (dictionary has {size} entries) in column '{column.DottedPath}'", fileOffset);
            store.AddFrom(dictionary, index);
        }
    }

    private static void DecodeRleBooleans(ReadOnlySpan<byte> data, int count, ValueStore store, long fileOffset)
    {
        if (data.Length < 4) throw new ParquetFormatException("RLE boolean page lacks its length prefix", fileOffset);
        var length = System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(data);
        if (length < 0 || length > data.Length - 4) throw new ParquetFormatException($"RLE boolean length {length} runs past the end of the page", fileOffset);
        var values = new int[count];
        RleHybridDecoder.Decode(data.Slice(4, length), 1, values, fileOffset + 4);
        store.Reserve(count);
        foreach (var v in values) store.AddBoolean(v != 0);
    }

    private static void DecodeDeltaIntegers(ReadOnlySpan<byte> data, int count, ValueStore store, long fileOffset)
    {
        DeltaBinaryPackedDecoder.Decode(data, count, fileOffset, out var values);
        if (values.Length != count) throw new ParquetFormatException($"DELTA_BINARY_PACKED holds {values.Length} values, the page expects {count}", fileOffset);
        store.Reserve(count);
        if (store.Type == PhysicalType.Int32)
            foreach (var v in values) store.AddInt32(unchecked((int)v));
        else
            values.CopyTo(store.Int64Slots(count));
        if (store.Type == PhysicalType.Int64) store.Commit(count);
    }

    private static void DecodeDeltaLength(ReadOnlySpan<byte> data, int count, ValueStore store, long fileOffset)
    {
        var used = DeltaBinaryPackedDecoder.Decode(data, count, fileOffset, out var lengths);
        if (lengths.Length != count) throw new ParquetFormatException($"DELTA_LENGTH_BYTE_ARRAY holds {lengths.Length} lengths, the page expects {count}", fileOffset);
        AppendConcatenated(data.Slice(used), lengths, store, fileOffset + used);
    }

    private static int AppendConcatenated(ReadOnlySpan<byte> data, long[] lengths, ValueStore store, long fileOffset)
    {
        store.Reserve(lengths.Length);
        var pos = 0;
        foreach (var length in lengths)
        {
            if (length < 0 || length > data.Length - pos) throw new ParquetFormatException($"byte array length {length} runs past the end of the page", fileOffset + pos);
            store.AddBytes(data.Slice(pos, (int)length));
            pos += (int)length;
        }
        return pos;
    }

    private static void DecodeDeltaByteArray(ReadOnlySpan<byte> data, int count, ValueStore store, long fileOffset)
    {
        var used = DeltaBinaryPackedDecoder.Decode(data, count, fileOffset, out var prefixes);
        if (prefixes.Length != count) throw new ParquetFormatException($"DELTA_BYTE_ARRAY holds {prefixes.Length} prefixes, the page expects {count}", fileOffset);
        var rest = data.Slice(used);
        var used2 = DeltaBinaryPackedDecoder.Decode(rest, count, fileOffset + used, out var suffixLengths);
        if (suffixLengths.Length != count) throw new ParquetFormatException($"DELTA_BYTE_ARRAY holds {suffixLengths.Length} suffixes, the page expects {count}", fileOffset + used);
        var suffixes = rest.Slice(used2);
        var suffixOffset = fileOffset + used + used2;
        store.Reserve(count);
        var pos = 0;
        var scratch = new byte[64];
        for (var i = 0; i < count; i++)
        {
            var previous = i == 0 ? ReadOnlySpan<byte>.Empty : store.GetBytes(store.Count - 1);
            var prefix = prefixes[i];
            var suffix = suffixLengths[i];
            if (prefix < 0 || prefix > previous.Length) throw new ParquetFormatException($"DELTA_BYTE_ARRAY prefix length {prefix} exceeds the previous value's {previous.Length} bytes", suffixOffset + pos);
            if (suffix < 0 || suffix > suffixes.Length - pos) throw new ParquetFormatException($"DELTA_BYTE_ARRAY suffix length {suffix} runs past the end of the page", suffixOffset + pos);
            var length = (int)(prefix + suffix);
            if (store.Type == PhysicalType.FixedLenByteArray && length != store.TypeLength)
                throw new ParquetFormatException($"DELTA_BYTE_ARRAY value of {length} bytes in a FIXED_LEN_BYTE_ARRAY({store.TypeLength}) column", suffixOffset + pos);
            if (scratch.Length < length) scratch = new byte[Math.Max(length, scratch.Length * 2)];
            previous.Slice(0, (int)prefix).CopyTo(scratch);
            suffixes.Slice(pos, (int)suffix).CopyTo(scratch.AsSpan((int)prefix));
            pos += (int)suffix;
            store.AddBytes(scratch.AsSpan(0, length));
        }
    }

    private static void DecodeByteStreamSplit(ReadOnlySpan<byte> data, int count, ValueStore store, long fileOffset)
    {
        var width = store.Type switch
        {
            PhysicalType.Int32 or PhysicalType.Float => 4,
            PhysicalType.Int64 or PhysicalType.Double => 8,
            _ => store.TypeLength,
        };
        var total = (long)width * count;
        if (total > data.Length) throw new ParquetFormatException($"BYTE_STREAM_SPLIT data for {count} values needs {total} bytes but the page holds {data.Length}", fileOffset);
        var joined = new byte[total];
        for (var i = 0; i < count; i++)
            for (var b = 0; b < width; b++)
                joined[i * width + b] = data[b * count + i];
        PlainDecoder.Decode(joined, count, store, fileOffset);
    }
}
