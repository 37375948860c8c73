namespace ProvenanceGuard.Formats.Parquet.Encodings;

/// <summary>
/// Decodes the RLE / bit-packed hybrid encoding (levels, dictionary indices, RLE booleans). Every header is checked
/// against the bytes that remain; a run never writes past the requested count.
/// </summary>
internal static class RleHybridDecoder
{
    /// <summary>Decodes exactly <paramref name="output"/>.Length values; returns the bytes consumed.</summary>
    public static int Decode(ReadOnlySpan<byte> data, int bitWidth, Span<int> output, long fileOffset)
    {
        if (bitWidth is < 0 or > 32) throw new ParquetFormatException($"invalid RLE bit width {bitWidth}", fileOffset);
        var pos = 0;
        var produced = 0;
        var byteWidth = (bitWidth + 7) / 8;
        while (produced < output.Length)
        {
            var header = ReadVarint(data, ref pos, fileOffset);
            if ((header & 1) == 0)
            {
                var count = header >> 1;
                if (pos + byteWidth > data.Length) throw new ParquetFormatException("RLE run value runs past the end of its data", fileOffset + pos);
                var value = 0;
                for (var b = 0; b < byteWidth; b++) value |= data[pos + b] << (8 * b);
                pos += byteWidth;
                if (bitWidth < 32 && (uint)value >= 1u << bitWidth) throw new ParquetFormatException($"RLE run value {value} exceeds bit width {bitWidth}", fileOffset + pos);
                var take = (int)Math.Min(count, (ulong)(output.Length - produced));
                output.Slice(produced, take).Fill(value);
                produced += take;
            }
            else
            {
                var groups = header >> 1;
                var available = (ulong)(data.Length - pos);
                var byteCount = groups * (ulong)bitWidth;
                if (groups > available || byteCount > available) throw new ParquetFormatException($"bit-packed run of {groups} groups runs past the end of its data", fileOffset + pos);
                var valueCount = groups * 8;
                var take = (int)Math.Min(valueCount, (ulong)(output.Length - produced));
                BitUnpacker.Unpack32(data.Slice(pos, (int)byteCount), bitWidth, output.Slice(produced, take));
                produced += take;
                pos += (int)byteCount;
            }
        }
        return pos;
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> data, ref int pos, long fileOffset)
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (pos >= data.Length) throw new ParquetFormatException("RLE data ends before all values were decoded", fileOffset + pos);
            var b = data[pos++];
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return result;
        }
        throw new ParquetFormatException("RLE run header varint too long", fileOffset + pos);
    }
}
