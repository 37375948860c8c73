using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Buffers.Binary;
using ProvenanceGuard.Formats.Parquet.Metadata;

namespace ProvenanceGuard.Formats.Parquet.Writing;

/// <summary>
/// Computes a column chunk's statistics: null count always; min/max in the type's order (signed numbers, unsigned
/// bytes, NaN ignored, zero as -0.0/+0.0) unless a byte-array bound is longer than the configured limit.
/// </summary>
internal static class ChunkStatistics
{
    /// <summary>FLOAT and DOUBLE bounds: NaN ignored, and zero written as -0.0 (min) and +0.0 (max), as the spec asks.</summary>
    private static void FloatingBounds<T>(ColumnBuffer column, int n, Statistics stats) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T min = T.PositiveInfinity, max = T.NegativeInfinity;
        var any = false;
        for (var v = 0; v < n; v++)
        {
            var x = MemoryMarshal.Read<T>(column.ValueBytes(v));
            if (T.IsNaN(x)) continue;
            any = true;
            min = T.Min(min, x);
            max = T.Max(max, x);
        }
        if (!any) return;
        stats.MinValue = Bytes(T.IsZero(min) ? -T.Zero : min);
        stats.MaxValue = Bytes(T.IsZero(max) ? T.Zero : max);
    }

    // Parquet is little-endian, as is every platform this runs on (BitConverter's order, used for the other types too).
    private static byte[] Bytes<T>(T value) where T : unmanaged
    {
        var bytes = new byte[Unsafe.SizeOf<T>()];
        MemoryMarshal.Write(bytes, in value);
        return bytes;
    }

    public static Statistics Compute(ColumnBuffer column, int maxValueBytes)
    {
        var stats = new Statistics { NullCount = column.NullCount };
        var n = column.ValueCount;
        if (n == 0) return stats;
        switch (column.Spec.Type)
        {
            case PhysicalType.Boolean:
            {
                byte min = 1, max = 0;
                for (var v = 0; v < n; v++)
                {
                    var b = column.ValueBytes(v)[0];
                    min = Math.Min(min, b);
                    max = Math.Max(max, b);
                }
                stats.MinValue = [min];
                stats.MaxValue = [max];
                break;
            }
            case PhysicalType.Int32:
            {
                int min = int.MaxValue, max = int.MinValue;
                for (var v = 0; v < n; v++)
                {
                    var x = BinaryPrimitives.ReadInt32LittleEndian(column.ValueBytes(v));
                    min = Math.Min(min, x);
                    max = Math.Max(max, x);
                }
                stats.MinValue = BitConverter.GetBytes(min);
                stats.MaxValue = BitConverter.GetBytes(max);
                break;
            }
            case PhysicalType.Int64:
            {
                long min = long.MaxValue, max = long.MinValue;
                for (var v = 0; v < n; v++)
                {
                    var x = BinaryPrimitives.ReadInt64LittleEndian(column.ValueBytes(v));
                    min = Math.Min(min, x);
                    max = Math.Max(max, x);
                }
                stats.MinValue = BitConverter.GetBytes(min);
                stats.MaxValue = BitConverter.GetBytes(max);
                break;
            }
            case PhysicalType.Float:
                FloatingBounds<float>(column, n, stats);
                break;
            case PhysicalType.Double:
                FloatingBounds<double>(column, n, stats);
                break;
            default:
            {
                int minIndex = 0, maxIndex = 0;
                for (var v = 1; v < n; v++)
                {
                    var x = column.ValuePayload(v);
                    if (x.SequenceCompareTo(column.ValuePayload(minIndex)) < 0) minIndex = v;
                    if (x.SequenceCompareTo(column.ValuePayload(maxIndex)) > 0) maxIndex = v;
                }
                var minBytes = column.ValuePayload(minIndex);
                var maxBytes = column.ValuePayload(maxIndex);
                if (minBytes.Length <= maxValueBytes && maxBytes.Length <= maxValueBytes)
                {
                    stats.MinValue = minBytes.ToArray();
                    stats.MaxValue = maxBytes.ToArray();
                }
                break;
            }
        }
        return stats;
    }
}
