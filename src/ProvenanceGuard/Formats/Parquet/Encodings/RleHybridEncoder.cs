namespace ProvenanceGuard.Formats.Parquet.Encodings;

/// <summary>Encodes integers with the RLE / bit-packed hybrid: runs of 8 or more equal values as RLE, the rest bit-packed.</summary>
internal static class RleHybridEncoder
{
    /// <summary>Appends the encoding of <paramref name="values"/> (no length prefix) to <paramref name="output"/>.</summary>
    public static void Encode(ReadOnlySpan<int> values, int bitWidth, ByteBuffer output)
    {
        var i = 0;
        var literalStart = 0;
        var literalCount = 0;
        while (i < values.Length)
        {
            var j = i + 1;
            while (j < values.Length && values[j] == values[i]) j++;
            var run = j - i;
            if (run >= 8)
            {
                var pendingInGroup = literalCount % 8;
                if (pendingInGroup != 0)
                {
                    // Complete the open literal group from this run, then see what remains of the run.
                    var need = 8 - pendingInGroup;
                    literalCount += need;
                    i += need;
                    continue;
                }
                FlushLiterals(values.Slice(literalStart, literalCount), bitWidth, output);
                WriteRun(values[i], run, bitWidth, output);
                i = j;
                literalStart = i;
                literalCount = 0;
            }
            else
            {
                if (literalCount == 0) literalStart = i;
                literalCount += run;
                i = j;
            }
        }
        FlushLiterals(values.Slice(literalStart, literalCount), bitWidth, output);
    }

    public static int BitWidthFor(int maxValue) => maxValue == 0 ? 0 : 32 - int.LeadingZeroCount(maxValue);

    private static void WriteRun(int value, int count, int bitWidth, ByteBuffer output)
    {
        output.WriteVarint((ulong)count << 1);
        var byteWidth = (bitWidth + 7) / 8;
        for (var b = 0; b < byteWidth; b++) output.WriteByte((byte)(value >> (8 * b)));
    }

    private static void FlushLiterals(ReadOnlySpan<int> literals, int bitWidth, ByteBuffer output)
    {
        if (literals.Length == 0) return;
        var groups = (literals.Length + 7) / 8;
        output.WriteVarint(((ulong)groups << 1) | 1);
        var bytes = groups * bitWidth;
        var span = output.GetSpan(bytes);
        span.Slice(0, bytes).Clear();
        ulong buffer = 0;
        var bits = 0;
        var pos = 0;
        for (var k = 0; k < groups * 8; k++)
        {
            ulong v = k < literals.Length ? (uint)literals[k] : 0;
            buffer |= v << bits;
            bits += bitWidth;
            while (bits >= 8)
            {
                span[pos++] = (byte)buffer;
                buffer >>= 8;
                bits -= 8;
            }
        }
        output.Advance(bytes);
    }
}
