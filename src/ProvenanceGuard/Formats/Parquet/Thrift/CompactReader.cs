using System.Buffers.Binary;
using System.Text;

namespace ProvenanceGuard.Formats.Parquet.Thrift;

/// <summary>
/// Reads the Thrift compact protocol from a byte span. Every length is checked against the bytes that remain, and
/// nesting is bounded, so corrupt input ends in <see cref="ParquetFormatException"/> naming the file offset.
/// </summary>
internal ref struct CompactReader
{
    private const int MaxDepth = 48;

    private readonly ReadOnlySpan<byte> _data;
    private readonly long _baseOffset;
    private int _position;
    private int _depth;

    public CompactReader(ReadOnlySpan<byte> data, long baseOffset)
    {
        _data = data;
        _baseOffset = baseOffset;
        _position = 0;
        _depth = 0;
    }

    public int Position => _position;
    public int Remaining => _data.Length - _position;
    public long FileOffset => _baseOffset + _position;

    public ParquetFormatException Error(string message) => new(message, FileOffset);

    public void EnterStruct()
    {
        if (++_depth > MaxDepth) throw Error("thrift structures nested too deeply");
    }

    public void LeaveStruct() => _depth--;

    /// <summary>Reads a field header; returns false at the stop field. <paramref name="lastId"/> carries the delta base.</summary>
    public bool ReadFieldHeader(ref short lastId, out short id, out CompactType type)
    {
        var b = ReadByte();
        type = (CompactType)(b & 0x0F);
        if (type == CompactType.Stop)
        {
            id = 0;
            return false;
        }
        if (type > CompactType.Uuid) throw Error($"invalid thrift field type {(int)type}");
        var delta = b >> 4;
        id = delta != 0 ? (short)(lastId + delta) : (short)ReadZigZag32();
        lastId = id;
        return true;
    }

    public byte ReadByte()
    {
        if (_position >= _data.Length) throw Error("unexpected end of thrift data");
        return _data[_position++];
    }

    public ulong ReadVarint()
    {
        ulong result = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            var b = ReadByte();
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return result;
        }
        throw Error("thrift varint too long");
    }

    public int ReadZigZag32()
    {
        var v = (uint)ReadVarint();
        return (int)(v >> 1) ^ -(int)(v & 1);
    }

    public long ReadZigZag64()
    {
        var v = ReadVarint();
        return (long)(v >> 1) ^ -(long)(v & 1);
    }

    public int ReadI32(CompactType type)
    {
        if (type is not (CompactType.I32 or CompactType.I16 or CompactType.I8)) throw Error($"expected an integer, found thrift type {type}");
        return type == CompactType.I8 ? (sbyte)ReadByte() : ReadZigZag32();
    }

    public long ReadI64(CompactType type)
    {
        if (type == CompactType.I64) return ReadZigZag64();
        return ReadI32(type);
    }

    public bool ReadBoolField(CompactType type) => type switch
    {
        CompactType.BooleanTrue => true,
        CompactType.BooleanFalse => false,
        _ => throw Error($"expected a boolean, found thrift type {type}"),
    };

    public double ReadDouble()
    {
        var bytes = ReadSpan(8);
        return BinaryPrimitives.ReadDoubleLittleEndian(bytes);
    }

    public ReadOnlySpan<byte> ReadBinary(CompactType type)
    {
        if (type != CompactType.Binary) throw Error($"expected binary, found thrift type {type}");
        var length = ReadVarint();
        if (length > (ulong)Remaining) throw Error($"thrift binary length {length} runs past the end of the data");
        return ReadSpan((int)length);
    }

    public string ReadString(CompactType type)
    {
        var bytes = ReadBinary(type);
        return Encoding.UTF8.GetString(bytes);
    }

    public byte[] ReadBytes(CompactType type) => ReadBinary(type).ToArray();

    private ReadOnlySpan<byte> ReadSpan(int length)
    {
        if (length > Remaining) throw Error("unexpected end of thrift data");
        var span = _data.Slice(_position, length);
        _position += length;
        return span;
    }

    /// <summary>Reads a list header; the element count is checked against the remaining bytes (every element takes at least one).</summary>
    public int ReadListHeader(CompactType fieldType, out CompactType elementType)
    {
        if (fieldType is not (CompactType.List or CompactType.Set)) throw Error($"expected a list, found thrift type {fieldType}");
        var b = ReadByte();
        elementType = (CompactType)(b & 0x0F);
        long size = b >> 4;
        if (size == 15) size = (long)ReadVarint();
        if (size < 0 || size > Remaining) throw Error($"thrift list of {size} elements cannot fit in the remaining {Remaining} bytes");
        return (int)size;
    }

    public bool ReadListBool(CompactType elementType)
    {
        var b = ReadByte();
        return b == 1;
    }

    /// <summary>Skips a value of any type (unknown fields are ignored, as Thrift intends).</summary>
    public void Skip(CompactType type)
    {
        switch (type)
        {
            case CompactType.BooleanTrue:
            case CompactType.BooleanFalse:
                return;
            case CompactType.I8:
                ReadByte();
                return;
            case CompactType.I16:
            case CompactType.I32:
            case CompactType.I64:
                ReadVarint();
                return;
            case CompactType.Double:
                ReadSpan(8);
                return;
            case CompactType.Binary:
                ReadBinary(type);
                return;
            case CompactType.Uuid:
                ReadSpan(16);
                return;
            case CompactType.List:
            case CompactType.Set:
            {
                var count = ReadListHeader(type, out var element);
                EnterStruct();
                for (var i = 0; i < count; i++) SkipElement(element);
                LeaveStruct();
                return;
            }
            case CompactType.Map:
            {
                var count = ReadVarint();
                if (count == 0) return;
                if (count > (ulong)Remaining) throw Error("thrift map too large for the remaining data");
                var kv = ReadByte();
                EnterStruct();
                for (ulong i = 0; i < count; i++)
                {
                    SkipElement((CompactType)(kv >> 4));
                    SkipElement((CompactType)(kv & 0x0F));
                }
                LeaveStruct();
                return;
            }
            case CompactType.Struct:
                SkipStruct();
                return;
            default:
                throw Error($"invalid thrift type {(int)type}");
        }
    }

    private void SkipElement(CompactType type)
    {
        // Inside containers booleans take a byte.
        if (type is CompactType.BooleanTrue or CompactType.BooleanFalse) ReadByte();
        else Skip(type);
    }

    public void SkipStruct()
    {
        EnterStruct();
        short last = 0;
        while (ReadFieldHeader(ref last, out _, out var t)) Skip(t);
        LeaveStruct();
    }
}
