using System.Buffers.Text;
using System.Text;

namespace ProvenanceGuard.Ingestion.Readers;

/// <summary>
/// Decodes the raw UTF-8 bytes of a JSON string value (between the quotes, escapes intact) into a char buffer.
/// System.Text.Json's own path for escaped strings unescapes into a rented buffer and then clears it; scraped
/// text is full of escaped quotes and newlines, and that clearing was a tenth of the pipeline's CPU.
/// </summary>
internal static class JsonStringDecoder
{
    /// <summary>
    /// Decodes into <paramref name="output"/>, which needs room for <paramref name="escaped"/>'s length in chars (every
    /// UTF-8 byte makes at most one char, every escape fewer than its bytes); returns the chars written, or -1 when an
    /// escape is malformed.
    /// </summary>
    public static int DecodeInto(ReadOnlySpan<byte> escaped, Span<char> output)
    {
        var written = 0;
        while (true)
        {
            var slash = escaped.IndexOf((byte)'\\');
            var plain = slash < 0 ? escaped : escaped[..slash];
            written += Encoding.UTF8.GetChars(plain, output[written..]);
            if (slash < 0) return written;
            escaped = escaped[(slash + 1)..];
            if (escaped.IsEmpty) return -1;
            var code = escaped[0];
            escaped = escaped[1..];
            switch (code)
            {
                case (byte)'"': output[written++] = '"'; break;
                case (byte)'\\': output[written++] = '\\'; break;
                case (byte)'/': output[written++] = '/'; break;
                case (byte)'b': output[written++] = '\b'; break;
                case (byte)'f': output[written++] = '\f'; break;
                case (byte)'n': output[written++] = '\n'; break;
                case (byte)'r': output[written++] = '\r'; break;
                case (byte)'t': output[written++] = '\t'; break;
                case (byte)'u':
                    if (escaped.Length < 4 || !Utf8Parser.TryParse(escaped[..4], out ushort unit, out var used, 'X') || used != 4) return -1;
                    output[written++] = (char)unit; // surrogate pairs arrive as two \u escapes in a row
                    escaped = escaped[4..];
                    break;
                default:
                    return -1;
            }
        }
    }
}
