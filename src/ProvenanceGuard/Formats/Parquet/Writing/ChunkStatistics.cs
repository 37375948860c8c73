using System.Buffers.Binary;
using ProvenanceGuard.Formats.Parquet.Metadata;

namespace ProvenanceGuard.Formats.Parquet.Writing;

/// <summary>
/// Computes a column chunk's statistics: null count always; min/max in the type's order (signed numbers, unsigned
/// bytes, NaN ignored, zero as -0.0/+0.0) unless a byte-array bound is longer than the configured limit.
/// </summary>
internal static class ChunkStatistics
{
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
            {
                float min = float.PositiveInfinity, max = float.NegativeInfinity;
                var any = false;
                for (var v = 0; v < n; v++)
                {
                    var x = BinaryPrimitives.ReadSingleLittleEndian(column.ValueBytes(v));
                    if (float.IsNaN(x)) continue;
                    any = true;
                    min = Math.Min(min, x);
                    max = Math.Max(max, x);
                }
                if (any)
                {
                    stats.MinValue = BitConverter.GetBytes(min == 0 ? -0.0f : min);
                    stats.MaxValue = BitConverter.GetBytes(max == 0 ? 0.0f : max);
                }
                break;
            }
            case PhysicalType.Double:
            {
                double min = double.PositiveInfinity, max = double.NegativeInfinity;
                var any = false;
                for (var v = 0; v < n; v++)
                {
                    var x = BinaryPrimitives.ReadDoubleLittleEndian(column.ValueBytes(v));
                    if (double.IsNaN(x)) continue;
                    any = true;
                    min = Math.Min(min, x);
                    max = Math.Max(max, x);
                }
                if (any)
                {
                    stats.MinValue = BitConverter.GetBytes(min == 0 ? -0.0 : min);
                    stats.MaxValue = BitConverter.GetBytes(max == 0 ? 0.0 : max);
                }
                break;
            }
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
