using System.Buffers;
using System.Text;
using System.Text.Json;

namespace ProvenanceGuard.Curation.Shards;

/// <summary>
/// Writes a record's text as a JSON string value with only the escapes JSON requires (quote, backslash, control
/// characters), copying plain runs of UTF-8 as they are. Texts are most of every shard's bytes, and
/// <see cref="Utf8JsonWriter"/> switches to a per-character encoder from a text's first quotation mark on, which cost
/// more than the whole JSON writing of every other field.
/// </summary>
internal static class JsonStringEncoder
{
    private static readonly SearchValues<byte> EscapedUtf8 = SearchValues.Create(
        "\"\\\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009\u000A\u000B\u000C\u000D\u000E\u000F"u8 +
        "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F"u8);

    /// <summary>Writes a text held as a string: transcoded to UTF-8 first (lone surrogates become U+FFFD, as the content hash reads them).</summary>
    public static void WriteString(Utf8JsonWriter writer, JsonEncodedText propertyName, ReadOnlySpan<char> value)
    {
        var utf8 = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(value.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(value, utf8);
            WriteString(writer, propertyName, utf8.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(utf8);
        }
    }

    /// <summary>Writes text that is already UTF-8 (a slab-held record's text, copied as it is between escapes).</summary>
    public static void WriteString(Utf8JsonWriter writer, JsonEncodedText propertyName, ReadOnlySpan<byte> utf8)
    {
        writer.WritePropertyName(propertyName);
        var buffer = ArrayPool<byte>.Shared.Rent(utf8.Length + 2);
        try
        {
            var written = Encode(utf8, ref buffer);
            writer.WriteRawValue(buffer.AsSpan(0, written), skipInputValidation: true);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Encodes <paramref name="utf8"/> with its quotes into <paramref name="buffer"/> (replaced by a larger rented one
    /// when escapes need the room); returns the number of bytes written.</summary>
    private static int Encode(ReadOnlySpan<byte> utf8, ref byte[] buffer)
    {
        var written = 0;
        buffer[written++] = (byte)'"';
        while (true)
        {
            var next = utf8.IndexOfAny(EscapedUtf8);
            var plain = next < 0 ? utf8 : utf8[..next];
            plain.CopyTo(buffer.AsSpan(written));
            written += plain.Length;
            if (next < 0) break;
            EnsureRoom(ref buffer, written, utf8.Length - next + 6); // the escape, the rest and the closing quote
            written += WriteEscape((char)utf8[next], buffer.AsSpan(written));
            utf8 = utf8[(next + 1)..];
        }
        buffer[written++] = (byte)'"';
        return written;
    }

    private static void EnsureRoom(ref byte[] buffer, int written, int needed)
    {
        if (buffer.Length - written >= needed) return;
        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(2 * buffer.Length, written + needed));
        buffer.AsSpan(0, written).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer);
        buffer = larger;
    }

    private static int WriteEscape(char c, Span<byte> output)
    {
        output[0] = (byte)'\\';
        var shortForm = c switch { '"' => '"', '\\' => '\\', '\n' => 'n', '\r' => 'r', '\t' => 't', '\b' => 'b', '\f' => 'f', _ => '\0' };
        if (shortForm != '\0')
        {
            output[1] = (byte)shortForm;
            return 2;
        }
        output[1] = (byte)'u';
        output[2] = (byte)'0';
        output[3] = (byte)'0';
        output[4] = (byte)"0123456789abcdef"[c >> 4];
        output[5] = (byte)"0123456789abcdef"[c & 0xF];
        return 6;
    }
}
