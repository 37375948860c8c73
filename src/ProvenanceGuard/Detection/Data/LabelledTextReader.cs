using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace ProvenanceGuard.Detection.Data;

/// <summary>A labelled data file as read, with its SHA-256 so a model card can pin exactly what it was trained on.</summary>
public sealed record LabelledDataFile(string Path, string Sha256, IReadOnlyList<LabelledText> Texts);

/// <summary>
/// Reads JSONL with a string <c>text</c> and a <c>label</c> of "human" or "machine"; every other scalar
/// field is kept as a grouping field. Bad lines raise <see cref="InvalidDataException"/> naming file and line.
/// </summary>
public static class LabelledTextReader
{
    public static LabelledDataFile Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Data file not found: {path}", path);
        var bytes = File.ReadAllBytes(path);
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var texts = new List<LabelledText>();
        var lineNumber = 0;
        using var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8);
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            texts.Add(Parse(line, path, lineNumber));
        }
        return new LabelledDataFile(path, sha, texts);
    }

    private static LabelledText Parse(string line, string path, int lineNumber)
    {
        JsonDocument document;
        try { document = JsonDocument.Parse(line); }
        catch (JsonException e) { throw new InvalidDataException($"{path}:{lineNumber}: not valid JSON ({e.Message})."); }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new InvalidDataException($"{path}:{lineNumber}: expected a JSON object.");
            if (!root.TryGetProperty("text", out var text) || text.ValueKind != JsonValueKind.String)
                throw new InvalidDataException($"{path}:{lineNumber}: missing string field \"text\".");
            if (!root.TryGetProperty("label", out var label) || label.ValueKind != JsonValueKind.String)
                throw new InvalidDataException($"{path}:{lineNumber}: missing string field \"label\" (human|machine).");
            var isMachine = label.GetString() switch
            {
                "machine" => true,
                "human" => false,
                var other => throw new InvalidDataException($"{path}:{lineNumber}: label must be \"human\" or \"machine\", got \"{other}\"."),
            };
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in root.EnumerateObject())
            {
                if (property.Name is "text" or "label") continue;
                fields[property.Name] = property.Value.ValueKind switch
                {
                    JsonValueKind.String => property.Value.GetString()!,
                    JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => property.Value.GetRawText(),
                    _ => "",
                };
            }
            return new LabelledText(text.GetString()!, isMachine, fields);
        }
    }
}
