using System.Buffers.Binary;
using System.Numerics;
using System.Text;
using ProvenanceGuard.Formats.Parquet.Reading;

namespace ProvenanceGuard.Formats.Parquet;

/// <summary>
/// Maps a physical value to the CLR value rows carry: STRING/JSON as string, DATE as DateOnly, TIMESTAMP and INT96
/// as DateTime (UTC when adjusted to UTC), DECIMAL as decimal, other byte arrays as byte[], numbers as themselves.
/// </summary>
public static class ParquetValueConverter
{
    private const long UnixEpochTicks = 621355968000000000L;
    private const int JulianDayOfUnixEpoch = 2440588;
    private static readonly int EpochDayNumber = DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;

    internal static object Convert(ParquetColumnDescriptor column, ValueStore values, int i)
    {
        var logical = column.Logical;
        switch (column.PhysicalType)
        {
            case PhysicalType.Boolean: return values.Booleans[i];
            case PhysicalType.Int32:
            {
                var v = values.Int32s[i];
                return logical.Kind switch
                {
                    LogicalKind.Date => DateOnly.FromDayNumber((int)Math.Clamp(EpochDayNumber + (long)v, DateOnly.MinValue.DayNumber, DateOnly.MaxValue.DayNumber)),
                    LogicalKind.Decimal => (decimal)v / Pow10(logical.Scale),
                    _ => v,
                };
            }
            case PhysicalType.Int64:
            {
                var v = values.Int64s[i];
                return logical.Kind switch
                {
                    LogicalKind.Timestamp => Timestamp(v, logical.Unit, logical.AdjustedToUtc),
                    LogicalKind.Decimal => (decimal)v / Pow10(logical.Scale),
                    _ => v,
                };
            }
            case PhysicalType.Float: return values.Floats[i];
            case PhysicalType.Double: return values.Doubles[i];
            case PhysicalType.Int96:
            {
                var bytes = values.GetBytes(i);
                var nanos = BinaryPrimitives.ReadInt64LittleEndian(bytes);
                var julian = BinaryPrimitives.ReadInt32LittleEndian(bytes.Slice(8));
                var ticks = UnixEpochTicks + (julian - (long)JulianDayOfUnixEpoch) * TimeSpan.TicksPerDay + nanos / 100;
                return new DateTime(Math.Clamp(ticks, DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks), DateTimeKind.Utc);
            }
            default:
            {
                var bytes = values.GetBytes(i);
                return logical.Kind switch
                {
                    LogicalKind.String or LogicalKind.Json => Encoding.UTF8.GetString(bytes),
                    LogicalKind.Decimal => BigEndianDecimal(bytes, logical.Scale),
                    _ => bytes.ToArray(),
                };
            }
        }
    }

    private static DateTime Timestamp(long v, TimeUnit unit, bool utc)
    {
        var ticks = unit switch
        {
            TimeUnit.Millis => v * TimeSpan.TicksPerMillisecond,
            TimeUnit.Micros => v * 10,
            _ => v / 100,
        };
        ticks += UnixEpochTicks;
        return new DateTime(Math.Clamp(ticks, DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks), utc ? DateTimeKind.Utc : DateTimeKind.Unspecified);
    }

    private static decimal Pow10(int scale)
    {
        decimal d = 1;
        for (var k = 0; k < Math.Clamp(scale, 0, 28); k++) d *= 10;
        return d;
    }

    private static object BigEndianDecimal(ReadOnlySpan<byte> bytes, int scale)
    {
        if (bytes.Length > 16) return bytes.ToArray(); // wider than any decimal(38): keep the raw bytes
        var unscaled = new BigInteger(bytes, isUnsigned: false, isBigEndian: true);
        if (BigInteger.Abs(unscaled) > new BigInteger(decimal.MaxValue) || scale is < 0 or > 28)
            return unscaled.ToString() + "e-" + scale; // beyond System.Decimal: keep the exact digits as text
        return (decimal)unscaled / Pow10(scale);
    }
}
