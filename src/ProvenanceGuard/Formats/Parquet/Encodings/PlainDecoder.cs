using System.Buffers.Binary;
using System.Runtime.InteropServices;
using ProvenanceGuard.Formats.Parquet.Reading;

namespace ProvenanceGuard.Formats.Parquet.Encodings;

/// <summary>Decodes PLAIN-encoded values (data pages and dictionary pages).</summary>
internal static class PlainDecoder
{
    /// <summary>Appends <paramref name="count"/> values to <paramref name="store"/>; returns the bytes consumed.</summary>
    public static int Decode(ReadOnlySpan<byte> data, int count, ValueStore store, long fileOffset)
    {
        // Check the page can hold the values before reserving room for them.
        var minimum = store.Type switch
        {
            PhysicalType.Boolean => (count + 7L) / 8,
            PhysicalType.Int32 or PhysicalType.Float => 4L * count,
            PhysicalType.Int64 or PhysicalType.Double => 8L * count,
            PhysicalType.ByteArray => 4L * count,
            _ => (long)store.TypeLength * count,
        };
        Need(data, minimum, count, fileOffset);
        store.Reserve(count);
        switch (store.Type)
        {
            case PhysicalType.Boolean:
            {
                var bytes = (count + 7) / 8;
                Need(data, bytes, count, fileOffset);
                var slots = store.BooleanSlots(count);
                for (var i = 0; i < count; i++) slots[i] = (data[i >> 3] & (1 << (i & 7))) != 0;
                store.Commit(count);
                return bytes;
            }
            case PhysicalType.Int32:
                return Fixed(data, count, store.Int32Slots(count), store, fileOffset);
            case PhysicalType.Int64:
                return Fixed(data, count, store.Int64Slots(count), store, fileOffset);
            case PhysicalType.Float:
                return Fixed(data, count, store.FloatSlots(count), store, fileOffset);
            case PhysicalType.Double:
                return Fixed(data, count, store.DoubleSlots(count), store, fileOffset);
            case PhysicalType.Int96:
            case PhysicalType.FixedLenByteArray:
            {
                var width = store.TypeLength;
                var bytes = (long)width * count;
                Need(data, bytes, count, fileOffset);
                store.ReserveBytes(bytes);
                for (var i = 0; i < count; i++) store.AddBytes(data.Slice(i * width, width));
                return (int)bytes;
            }
            case PhysicalType.ByteArray:
            {
                var pos = 0;
                // Reserve the page's byte size once: the values cannot need more than the page holds.
                store.ReserveBytes(Math.Max(0, data.Length - 4L * count));
                for (var i = 0; i < count; i++)
                {
                    if (data.Length - pos < 4) throw new ParquetFormatException($"PLAIN byte array {i} of {count} runs past the end of the page", fileOffset + pos);
                    var length = BinaryPrimitives.ReadInt32LittleEndian(data.Slice(pos));
                    pos += 4;
                    if (length < 0 || length > data.Length - pos) throw new ParquetFormatException($"PLAIN byte array length {length} runs past the end of the page", fileOffset + pos - 4);
                    store.AddBytes(data.Slice(pos, length));
                    pos += length;
                }
                return pos;
            }
            default:
                throw new ParquetFormatException($"unknown physical type {store.Type}", fileOffset);
        }
    }

    /// <summary>
    /// PLAIN byte arrays that already lie in <paramref name="store"/>'s adopted bytes at <paramref name="baseOffset"/>:
    /// records each value's position without copying it.
    /// </summary>
    public static void DecodeByteArraysInPlace(ReadOnlySpan<byte> data, int baseOffset, int count, ValueStore store, long fileOffset)
    {
        if (4L * count > data.Length) throw new ParquetFormatException($"PLAIN data for {count} byte arrays needs at least {4L * count} bytes but the page holds {data.Length}", fileOffset);
        store.Reserve(count);
        var pos = 0;
        for (var i = 0; i < count; i++)
        {
            if (data.Length - pos < 4) throw new ParquetFormatException($"PLAIN byte array {i} of {count} runs past the end of the page", fileOffset + pos);
            var length = BinaryPrimitives.ReadInt32LittleEndian(data.Slice(pos));
            pos += 4;
            if (length < 0 || length > data.Length - pos) throw new ParquetFormatException($"PLAIN byte array length {length} runs past the end of the page", fileOffset + pos - 4);
            store.AddInPlace(baseOffset + pos, length);
            pos += length;
        }
    }

    private static int Fixed<T>(ReadOnlySpan<byte> data, int count, Span<T> slots, ValueStore store, long fileOffset) where T : unmanaged
    {
        var size = Marshal.SizeOf<T>();
        var bytes = (long)size * count;
        Need(data, bytes, count, fileOffset);
        // Parquet is little-endian, as is every platform .NET runs this on.
        MemoryMarshal.Cast<byte, T>(data.Slice(0, (int)bytes)).CopyTo(slots);
        store.Commit(count);
        return (int)bytes;
    }

    private static void Need(ReadOnlySpan<byte> data, long bytes, int count, long fileOffset)
    {
        if (bytes > data.Length) throw new ParquetFormatException($"PLAIN data for {count} values needs {bytes} bytes but the page holds {data.Length}", fileOffset);
    }
}
