using System.Buffers;
using System.Text;
using System.Text.Json;

namespace ProvenanceGuard.Ingestion.Readers;

/// <summary>
/// The fields of one JSON line: its text (decoded into the caller's scratch, <see cref="TextChars"/> long), id and the
/// other properties as metadata; or why it cannot be a record.
/// </summary>
internal readonly record struct ParsedJsonLine(int TextChars, string? Id, string? MetadataJson, string? RejectReason, string? RejectMessage);

/// <summary>
/// Parses one JSONL line from its UTF-8 bytes with <see cref="Utf8JsonReader"/>: the configured text and id
/// fields are decoded (the text into a reusable buffer, not a string); every other top-level property is carried as raw
/// JSON into the metadata.
/// </summary>
internal static class JsonLineParser
{
    public static ParsedJsonLine Parse(ReadOnlySpan<byte> line, ReadOnlySpan<byte> textField, ReadOnlySpan<byte> idField, ArrayBufferWriter<byte> metadata,
        TextScratch text)
    {
        if (!SplitReader.IsValidUtf8(line))
        {
            var bad = FirstInvalidUtf8(line);
            return new(-1, null, null, RejectReason.InvalidUtf8, $"invalid UTF-8 at byte {bad} of the line");
        }

        metadata.ResetWrittenCount();
        string? id = null;
        var textChars = -1;
        var textFound = false;
        string? textProblem = null;
        var reader = new Utf8JsonReader(line, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 256 });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                return new(-1, null, null, RejectReason.MalformedJson, "the line is not a JSON object");
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.EndObject) break;
                var nameStart = (int)reader.TokenStartIndex;
                var isText = reader.ValueTextEquals(textField);
                var isId = !isText && !idField.IsEmpty && reader.ValueTextEquals(idField);
                reader.Read();
                if (isText)
                {
                    textFound = true;
                    if (reader.TokenType == JsonTokenType.String)
                        textChars = Decode(ref reader, text);
                    else textProblem = $"field '{Encoding.UTF8.GetString(textField)}' is {Describe(reader.TokenType)}, not a string";
                    reader.Skip();
                }
                else if (isId && reader.TokenType is JsonTokenType.String or JsonTokenType.Number)
                {
                    id = reader.TokenType == JsonTokenType.String ? reader.GetString() : Encoding.UTF8.GetString(reader.ValueSpan);
                }
                else
                {
                    reader.Skip();
                    var raw = line[nameStart..(int)reader.BytesConsumed];
                    metadata.Write(metadata.WrittenCount == 0 ? "{"u8 : ","u8);
                    metadata.Write(raw);
                }
            }
            // Anything but white space after the object is a second value on the line.
            if (line[(int)reader.BytesConsumed..].IndexOfAnyExcept(" \t\r\n"u8) >= 0)
                return new(-1, null, null, RejectReason.MalformedJson, $"unexpected data after the JSON object at byte {reader.BytesConsumed}");
        }
        catch (JsonException e)
        {
            return new(-1, null, null, RejectReason.MalformedJson, $"malformed JSON at byte {e.BytePositionInLine ?? reader.BytesConsumed}: {FirstSentence(e.Message)}");
        }

        if (!textFound) return new(-1, id, null, RejectReason.MissingText, $"no field '{Encoding.UTF8.GetString(textField)}'");
        if (textProblem is not null) return new(-1, id, null, RejectReason.MissingText, textProblem);
        string? meta = null;
        if (metadata.WrittenCount > 0)
        {
            metadata.Write("}"u8);
            meta = Encoding.UTF8.GetString(metadata.WrittenSpan);
        }
        return new(textChars, id, meta, null, null);
    }

    private static int Decode(ref Utf8JsonReader reader, TextScratch text)
    {
        var raw = reader.ValueSpan;
        var output = text.Reserve(raw.Length);
        if (!reader.ValueIsEscaped) return Encoding.UTF8.GetChars(raw, output);
        var written = JsonStringDecoder.DecodeInto(raw, output);
        if (written >= 0) return written;
        var decoded = reader.GetString()!;
        decoded.CopyTo(text.Reserve(decoded.Length));
        return decoded.Length;
    }

    private static string Describe(JsonTokenType type) => type switch
    {
        JsonTokenType.Null => "null",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.StartObject => "an object",
        _ => type.ToString(),
    };

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" LineNumber", StringComparison.Ordinal);
        return cut > 0 ? message[..cut].TrimEnd('.', ' ') : message;
    }

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        var status = System.Text.Unicode.Utf8.ToUtf16(bytes, new char[bytes.Length], out var read, out _, replaceInvalidSequences: false);
        return status == OperationStatus.Done ? -1 : read;
    }
}
