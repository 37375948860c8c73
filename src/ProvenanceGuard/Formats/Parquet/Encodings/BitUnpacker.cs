namespace ProvenanceGuard.Formats.Parquet.Encodings;

/// <summary>Unpacks little-endian, LSB-first bit-packed integers (the packing RLE hybrid and delta encodings share).</summary>
internal static class BitUnpacker
{
    /// <summary>Unpacks <paramref name="output"/>.Length values of <paramref name="bitWidth"/> bits from <paramref name="packed"/>; missing trailing bytes read as zero.</summary>
    public static void Unpack32(ReadOnlySpan<byte> packed, int bitWidth, Span<int> output)
    {
        if (bitWidth == 0)
        {
            output.Clear();
            return;
        }
        var mask = bitWidth == 32 ? ulong.MaxValue >> 32 : (1UL << bitWidth) - 1;
        ulong buffer = 0;
        var bits = 0;
        var pos = 0;
        for (var i = 0; i < output.Length; i++)
        {
            while (bits < bitWidth)
            {
                ulong b = pos < packed.Length ? packed[pos] : 0UL;
                pos++;
                buffer |= b << bits;
                bits += 8;
            }
            output[i] = (int)(buffer & mask);
            buffer >>= bitWidth;
            bits -= bitWidth;
        }
    }

    /// <summary>As <see cref="Unpack32"/> for widths up to 64 bits (delta encodings).</summary>
    public static void Unpack64(ReadOnlySpan<byte> packed, int bitWidth, Span<ulong> output)
    {
        if (bitWidth == 0)
        {
            output.Clear();
            return;
        }
        var bitPos = 0L;
        for (var i = 0; i < output.Length; i++)
        {
            ulong value = 0;
            var got = 0;
            while (got < bitWidth)
            {
                var byteIndex = (int)(bitPos >> 3);
                var bitOffset = (int)(bitPos & 7);
                var take = Math.Min(8 - bitOffset, bitWidth - got);
                ulong b = byteIndex < packed.Length ? packed[byteIndex] : 0UL;
                value |= ((b >> bitOffset) & ((1UL << take) - 1)) << got;
                got += take;
                bitPos += take;
            }
            output[i] = value;
        }
    }
}
