using System.IO.Compression;
using System.Text.Json;

namespace ProvenanceGuard.Lineage;

/// <summary>One stage event of a record's lineage trail.</summary>
public readonly record struct DispositionEvent(string Stage, string Version, string ParametersHash, string Decision);

/// <summary>One line of dispositions.jsonl.gz: a record (numbered from 1 in canonical order), its disposition and its trail.</summary>
public sealed record DispositionRow(
    long Record, string Id, string ContentSha256, string Source, string OriginFile, long? OriginLine, long? OriginOffset, double? PMachine,
    string Disposition, string? Reason, string? Shard, long? Row, string? DuplicateOf, IReadOnlyList<DispositionEvent> Events, double? PSynthetic = null);

/// <summary>Reads a release's dispositions file as rows; a line that cannot be read is an error naming the file and line.</summary>
public static class DispositionRows
{
    public static IEnumerable<DispositionRow> Read(string dispositionsPath)
    {
        using var reader = new StreamReader(new GZipStream(File.OpenRead(dispositionsPath), CompressionMode.Decompress));
        long line = 0;
        while (reader.ReadLine() is { } text)
        {
            line++;
            DispositionRow row;
            try
            {
                row = Parse(line, text);
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                throw new InvalidDataException($"{dispositionsPath}:{line}: cannot load into the lineage store: {e.Message}", e);
            }
            yield return row;
        }
    }

    private static DispositionRow Parse(long record, string text)
    {
        using var doc = JsonDocument.Parse(text);
        var root = doc.RootElement;
        string Required(string name) => root.GetProperty(name).ToString();
        string? Text(string name) => root.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v.ToString() : null;
        long? Whole(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt64() : null;
        double? Real(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;
        var events = new List<DispositionEvent>();
        if (root.TryGetProperty("lineage", out var lineage))
        {
            foreach (var e in lineage.EnumerateArray())
                events.Add(new DispositionEvent(e.GetProperty("stage").GetString()!, e.GetProperty("version").GetString()!,
                    e.GetProperty("parameters_hash").GetString()!, e.GetProperty("decision").GetString()!));
        }
        return new DispositionRow(record, Required("id"), Required("content_sha256"), Required("source"), Required("origin_file"),
            Whole("origin_line"), Whole("origin_offset"), Real("p_machine"), Required("disposition"), Text("reason"), Text("shard"), Whole("row"),
            Text("duplicate_of"), events, Real("p_synthetic"));
    }
}
