namespace ProvenanceGuard.Formats.Parquet.Encodings;

/// <summary>
/// Decodes DELTA_BINARY_PACKED: a header (block size, miniblocks per block, value count, first value), then blocks of
/// a zigzag min delta, one bit width per miniblock and the bit-packed deltas. Arithmetic wraps, as the spec requires.
/// </summary>
internal static class DeltaBinaryPackedDecoder
{
    /// <summary>Decodes the whole run into a new array (its length is the header's count, bounded by <paramref name="maxValues"/>); returns bytes consumed.</summary>
    public static int Decode(ReadOnlySpan<byte> data, int maxValues, long fileOffset, out long[] values)
    {
        var pos = 0;
        var blockSize = ReadUVarint(data, ref pos, fileOffset);
        var miniblocks = ReadUVarint(data, ref pos, fileOffset);
        var total = ReadUVarint(data, ref pos, fileOffset);
        var first = ReadZigZag(data, ref pos, fileOffset);
        if (blockSize == 0 || blockSize % 128 != 0 || blockSize > 1 << 15) throw new ParquetFormatException($"DELTA_BINARY_PACKED block size {blockSize} is not a positive multiple of 128", fileOffset);
        if (miniblocks == 0 || blockSize % miniblocks != 0 || (blockSize / miniblocks) % 32 != 0) throw new ParquetFormatException($"DELTA_BINARY_PACKED has {miniblocks} miniblocks per block of {blockSize}", fileOffset);
        if (total > (ulong)maxValues) throw new ParquetFormatException($"DELTA_BINARY_PACKED claims {total} values where at most {maxValues} are expected", fileOffset);
        var count = (int)total;
        values = new long[count];
        if (count == 0) return pos;
        values[0] = first;
        var perMiniblock = (int)(blockSize / miniblocks);
        var widths = new byte[(int)miniblocks];
        var deltas = new ulong[perMiniblock];
        var produced = 1;
        var last = first;
        while (produced < count)
        {
            var minDelta = ReadZigZag(data, ref pos, fileOffset);
            if (data.Length - pos < widths.Length) throw new ParquetFormatException("DELTA_BINARY_PACKED block header runs past the end of the data", fileOffset + pos);
            data.Slice(pos, widths.Length).CopyTo(widths);
            pos += widths.Length;
            for (var m = 0; m < widths.Length && produced < count; m++)
            {
                var width = widths[m];
                if (width > 64) throw new ParquetFormatException($"DELTA_BINARY_PACKED miniblock bit width {width}", fileOffset + pos);
                var bytes = perMiniblock * width / 8;
                if (data.Length - pos < bytes) throw new ParquetFormatException("DELTA_BINARY_PACKED miniblock runs past the end of the data", fileOffset + pos);
                BitUnpacker.Unpack64(data.Slice(pos, bytes), width, deltas);
                pos += bytes;
                var take = Math.Min(perMiniblock, count - produced);
                for (var i = 0; i < take; i++)
                {
                    last = unchecked(last + minDelta + (long)deltas[i]);
                    values[produced++] = last;
                }
            }
        }
        return pos;
    }

    private static ulong ReadUVarint(ReadOnlySpan<byte> data, ref int pos, long fileOffset)
    {
        ulong result = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            if (pos >= data.Length) throw new ParquetFormatException("DELTA_BINARY_PACKED data ends inside a varint", fileOffset + pos);
            var b = data[pos++];
            if (shift == 63 && b > 1) break;
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return result;
        }
        throw new ParquetFormatException("DELTA_BINARY_PACKED varint too long", fileOffset + pos);
    }

    private static long ReadZigZag(ReadOnlySpan<byte> data, ref int pos, long fileOffset)
    {
        var v = ReadUVarint(data, ref pos, fileOffset);
        return (long)(v >> 1) ^ -(long)(v & 1);
    }
}
