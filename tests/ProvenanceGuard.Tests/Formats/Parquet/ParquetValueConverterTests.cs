using System.Buffers.Binary;
using ProvenanceGuard.Formats.Parquet;
using ProvenanceGuard.Formats.Parquet.Metadata;
using ProvenanceGuard.Formats.Parquet.Reading;
using Xunit;

namespace ProvenanceGuard.Tests.Formats.Parquet;

/// <summary>Logical values DuckDB does not write for us: legacy INT96 timestamps and nanosecond TIMESTAMP.</summary>
public sealed class ParquetValueConverterTests
{
    private static ParquetColumnDescriptor Column(PhysicalType type, LogicalTypeInfo logical) =>
        new(0, ["v"], new SchemaElement { Name = "v", Type = type, RepetitionType = Repetition.Required }, 0, 0, logical);

    [Fact]
    public void Int96_is_nanoseconds_of_day_and_a_julian_day()
    {
        var bytes = new byte[12];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, 1_500_000_000L + 3_600_000_000_000L); // 01:00:01.5
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(8), 2_440_588 + 365); // 1971-01-01
        var store = new ValueStore(PhysicalType.Int96, 12);
        store.Reserve(1);
        store.AddBytes(bytes);
        var value = ParquetValueConverter.Convert(Column(PhysicalType.Int96, new LogicalTypeInfo(LogicalKind.None)), store, 0);
        Assert.Equal(new DateTime(1971, 1, 1, 1, 0, 1, 500, DateTimeKind.Utc), value);
    }

    [Fact]
    public void Nanosecond_timestamps_and_local_semantics_are_honoured()
    {
        var store = new ValueStore(PhysicalType.Int64, 0);
        store.Reserve(1);
        store.AddInt64((86_400_000_000L + 123) * 1000); // one day and 123 µs, in ns
        var value = (DateTime)ParquetValueConverter.Convert(Column(PhysicalType.Int64, new LogicalTypeInfo(LogicalKind.Timestamp, AdjustedToUtc: false, Unit: TimeUnit.Nanos)), store, 0);
        Assert.Equal(new DateTime(1970, 1, 2, 0, 0, 0, DateTimeKind.Unspecified).AddTicks(1230), value);
        Assert.Equal(DateTimeKind.Unspecified, value.Kind);
    }
}
