using System.Text;
using ProvenanceGuard.Formats.Parquet;
using ProvenanceGuard.Formats.Parquet.Encodings;
using ProvenanceGuard.Formats.Parquet.Reading;
using Xunit;

namespace ProvenanceGuard.Tests.Formats.Parquet;

/// <summary>
/// The encodings against the specification's own worked examples (apache/parquet-format Encodings.md) and, for the
/// RLE hybrid, against random run structures. DuckDB does not write DELTA_BYTE_ARRAY, so it is checked here.
/// </summary>
public sealed class EncodingTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(8)]
    [InlineData(17)]
    [InlineData(32)]
    public void Rle_hybrid_round_trips_mixed_runs_and_literals(int bitWidth)
    {
        var random = new Random(bitWidth);
        var max = bitWidth == 32 ? int.MaxValue : (1 << bitWidth) - 1;
        for (var trial = 0; trial < 50; trial++)
        {
            var values = new List<int>();
            while (values.Count < 2_000)
            {
                var v = random.Next(0, max) + (random.Next(2) == 0 ? 0 : 1);
                var run = random.Next(3) == 0 ? random.Next(8, 40) : random.Next(1, 4);
                values.AddRange(Enumerable.Repeat(Math.Min(v, max), run));
            }
            var buffer = new ByteBuffer();
            RleHybridEncoder.Encode(values.ToArray(), bitWidth, buffer);
            var decoded = new int[values.Count];
            var used = RleHybridDecoder.Decode(buffer.Span, bitWidth, decoded, 0);
            Assert.Equal(values, decoded);
            Assert.Equal(buffer.Length, used);
        }
    }

    [Fact]
    public void Rle_hybrid_uses_runs_for_repeats()
    {
        var buffer = new ByteBuffer();
        RleHybridEncoder.Encode(Enumerable.Repeat(1, 1_000).ToArray(), 1, buffer);
        Assert.Equal(3, buffer.Length); // varint header (1000 << 1) + one value byte
    }

    [Fact]
    public void Delta_binary_packed_decodes_the_specification_examples()
    {
        // 1, 2, 3, 4, 5: every delta is the minimum, so all miniblocks have bit width 0.
        byte[] example1 = [0x80, 0x01, 0x04, 0x05, 0x02, 0x02, 0, 0, 0, 0];
        DeltaBinaryPackedDecoder.Decode(example1, 100, 0, out var values1);
        Assert.Equal([1L, 2, 3, 4, 5], values1);

        // 7, 5, 3, 1, 2, 3, 4, 5: min delta -2, relative deltas 0 0 0 3 3 3 3 at 2 bits; unused miniblocks absent.
        byte[] example2 = [0x80, 0x01, 0x04, 0x08, 0x0E, 0x03, 2, 0, 0, 0, 0xC0, 0x3F, 0, 0, 0, 0, 0, 0];
        var used = DeltaBinaryPackedDecoder.Decode(example2, 100, 0, out var values2);
        Assert.Equal([7L, 5, 3, 1, 2, 3, 4, 5], values2);
        Assert.Equal(example2.Length, used);
    }

    [Fact]
    public void Delta_byte_array_rebuilds_values_from_shared_prefixes()
    {
        // "axis", "axle", "babble", "babyhood": prefix lengths 0 2 0 3, suffixes "axis" "le" "babble" "yhood".
        var data = new List<byte>();
        data.AddRange([0x80, 0x01, 0x04, 0x04, 0x00, 0x03, 3, 0, 0, 0, 0x44, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        data.AddRange([0x80, 0x01, 0x04, 0x04, 0x08, 0x03, 3, 0, 0, 0, 0x70, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        data.AddRange("axislebabbleyhood"u8.ToArray());
        var store = new ValueStore(PhysicalType.ByteArray, 0);
        var column = Column();
        ValueDecoders.Decode(ParquetEncoding.DeltaByteArray, data.ToArray(), 4, store, null, column, 0);
        Assert.Equal(["axis", "axle", "babble", "babyhood"], Enumerable.Range(0, store.Count).Select(i => Encoding.UTF8.GetString(store.GetBytes(i))));
    }

    [Fact]
    public void A_prefix_longer_than_the_previous_value_is_a_format_error()
    {
        // Prefix lengths 5 (first value has no predecessor): must fail, not read outside the value.
        var data = new List<byte>();
        data.AddRange([0x80, 0x01, 0x04, 0x01, 0x0A]);
        data.AddRange([0x80, 0x01, 0x04, 0x01, 0x02]);
        data.AddRange("x"u8.ToArray());
        var store = new ValueStore(PhysicalType.ByteArray, 0);
        Assert.Throws<ParquetFormatException>(() => ValueDecoders.Decode(ParquetEncoding.DeltaByteArray, data.ToArray(), 1, store, null, Column(), 0));
    }

    private static ParquetColumnDescriptor Column()
    {
        var element = new ProvenanceGuard.Formats.Parquet.Metadata.SchemaElement { Name = "v", Type = PhysicalType.ByteArray, RepetitionType = Repetition.Required };
        return new ParquetColumnDescriptor(0, ["v"], element, 0, 0, new ProvenanceGuard.Formats.Parquet.Metadata.LogicalTypeInfo(LogicalKind.String));
    }
}
