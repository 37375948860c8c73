using System.Buffers.Binary;

namespace ProvenanceGuard.Formats.Parquet;

/// <summary>A growable byte buffer reused across pages and row groups (the writer's scratch space).</summary>
internal sealed class ByteBuffer
{
    private byte[] _data;

    public ByteBuffer(int capacity = 1024) => _data = new byte[Math.Max(16, capacity)];

    public int Length { get; private set; }
    public ReadOnlySpan<byte> Span => _data.AsSpan(0, Length);
    public ReadOnlyMemory<byte> Memory => _data.AsMemory(0, Length);
    public byte[] RawArray => _data;

    public void Clear() => Length = 0;

    public Span<byte> GetSpan(int size)
    {
        Ensure(size);
        return _data.AsSpan(Length);
    }

    public void Advance(int count) => Length += count;

    public void Write(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_data.AsSpan(Length));
        Length += bytes.Length;
    }

    public void WriteByte(byte b)
    {
        Ensure(1);
        _data[Length++] = b;
    }

    public void WriteInt32(int value)
    {
        Ensure(4);
        BinaryPrimitives.WriteInt32LittleEndian(_data.AsSpan(Length), value);
        Length += 4;
    }

    public void WriteInt64(long value)
    {
        Ensure(8);
        BinaryPrimitives.WriteInt64LittleEndian(_data.AsSpan(Length), value);
        Length += 8;
    }

    public void WriteVarint(ulong value)
    {
        Ensure(10);
        while (value >= 0x80)
        {
            _data[Length++] = (byte)(value | 0x80);
            value >>= 7;
        }
        _data[Length++] = (byte)value;
    }

    /// <summary>Overwrites 4 bytes at <paramref name="position"/> (a length prefix written before its content was known).</summary>
    public void PatchInt32(int position, int value) => BinaryPrimitives.WriteInt32LittleEndian(_data.AsSpan(position), value);

    public void Ensure(int extra)
    {
        var needed = (long)Length + extra;
        if (needed <= _data.Length) return;
        if (needed > Array.MaxLength) throw new InvalidOperationException("buffer would exceed the maximum array size");
        var size = Math.Max(needed, Math.Min((long)_data.Length * 2, Array.MaxLength));
        Array.Resize(ref _data, (int)size);
    }
}
