using System.Buffers.Binary;

namespace ProvenanceGuard.Detection.Reference;

/// <summary>
/// Fixed-width records packed back to back at bit granularity, each field least significant bit first
/// (the little-endian layout of the Sphinx trie). Reading a field loads the eight bytes at its first
/// byte, so the buffer must extend at least eight bytes past the last field read (the trie sections do).
/// </summary>
internal readonly struct BitPackedArray
{
    private readonly byte[] _bytes;

    public BitPackedArray(byte[] bytes, int recordBits)
    {
        _bytes = bytes;
        RecordBits = recordBits;
    }

    /// <summary>Bits per record.</summary>
    public int RecordBits { get; }

    /// <summary>The <paramref name="bits"/>-wide field (at most 32 bits) starting <paramref name="bitInRecord"/> bits into record <paramref name="record"/>.</summary>
    public uint Read(long record, int bitInRecord, int bits)
    {
        var bit = record * RecordBits + bitInRecord;
        var word = BinaryPrimitives.ReadUInt64LittleEndian(_bytes.AsSpan((int)(bit >> 3), 8));
        return (uint)((word >> (int)(bit & 7)) & ((1UL << bits) - 1));
    }

    /// <summary>Bits needed to store any value from 0 to <paramref name="max"/> (0 when max is 0, as Sphinx counts them).</summary>
    public static int RequiredBits(uint max) => max == 0 ? 0 : 32 - System.Numerics.BitOperations.LeadingZeroCount(max);
}
