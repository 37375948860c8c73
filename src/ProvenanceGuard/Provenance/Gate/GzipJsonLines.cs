using System.Text.Json;
using ProvenanceGuard.Formats.Compression;

namespace ProvenanceGuard.Provenance.Gate;

/// <summary>
/// Reads a gzip JSONL file line by line as JSON objects, through the gzip reader that detects truncation.
/// Any damage (corrupt gzip, a line that is not a JSON object) becomes an <see cref="InvalidDataException"/>
/// naming the file and line.
/// </summary>
internal static class GzipJsonLines
{
    public static IEnumerable<JsonElement> Read(string path, string displayName)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        using var gzip = new GzipDecompressionStream(file);
        using var reader = new StreamReader(gzip, new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true));
        long line = 0;
        while (true)
        {
            string? text;
            try
            {
                text = reader.ReadLine();
            }
            catch (Exception e) when (e is InvalidDataException or System.Text.DecoderFallbackException)
            {
                throw new InvalidDataException($"{displayName}: unreadable after line {line}: {e.Message}");
            }
            if (text is null) yield break;
            line++;
            JsonElement element;
            try
            {
                using var document = JsonDocument.Parse(text);
                element = document.RootElement.Clone();
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{displayName}:{line}: not JSON: {e.Message}");
            }
            if (element.ValueKind != JsonValueKind.Object) throw new InvalidDataException($"{displayName}:{line}: not a JSON object");
            yield return element;
        }
    }
}
