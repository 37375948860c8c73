using System.Buffers;
using System.Text;
using System.Text.Json;
using ProvenanceGuard.Formats.Parquet;

namespace ProvenanceGuard.Provenance.Gate;

/// <summary>
/// A shard's rows as JSON objects with the record fields the gate checks, whichever format the shard is in:
/// JSONL.gz lines as they are, Parquet rows rebuilt from the shard columns (schemas/shard.schema.json).
/// </summary>
internal static class ShardRows
{
    public static IEnumerable<JsonElement> Read(string path, string displayName) =>
        path.EndsWith(".parquet", StringComparison.Ordinal) ? ReadParquet(path, displayName) : GzipJsonLines.Read(path, displayName);

    private static IEnumerable<JsonElement> ReadParquet(string path, string displayName)
    {
        ParquetFileReader reader;
        try
        {
            reader = ParquetFileReader.Open(path);
        }
        catch (ParquetFormatException e)
        {
            throw new InvalidDataException($"{displayName}: not a readable Parquet shard: {e.Message}");
        }
        using (reader)
        {
            // Shards of schema version 1 have no p_synthetic column; the LLR column is read from wherever it is listed.
            string[] columns = ["id", "text", "source", "content_sha256", "p_machine", "metadata_json", "lineage_json", "llr", "p_synthetic"];
            if (reader.Schema.Fields.All(f => f.Name != "p_synthetic")) columns = columns[..^1];
            using var rows = reader.ReadRows(columns).GetEnumerator();
            var buffer = new ArrayBufferWriter<byte>();
            while (true)
            {
                try
                {
                    if (!rows.MoveNext()) yield break;
                }
                catch (ParquetFormatException e)
                {
                    throw new InvalidDataException($"{displayName}: unreadable: {e.Message}");
                }
                yield return ToJson(rows.Current, buffer);
            }
        }
    }

    private static JsonElement ToJson(object?[] row, ArrayBufferWriter<byte> buffer)
    {
        buffer.ResetWrittenCount();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            string[] names = ["id", "text", "source", "content_sha256"];
            for (var i = 0; i < names.Length; i++)
                if (AsString(row[i]) is { } value) json.WriteString(names[i], value);
            if (row[4] is double p) json.WriteNumber("p_machine", p);
            if (AsString(row[5]) is { } metadata) Raw(json, "metadata", metadata);
            if (AsString(row[6]) is { } lineage) Raw(json, "lineage", lineage);
            if (row[7] is double llr && double.IsFinite(llr)) json.WriteNumber("llr", llr);
            if (row.Length > 8 && row[8] is double fused) json.WriteNumber("p_synthetic", fused);
            json.WriteEndObject();
        }
        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    /// <summary>A JSON column that does not parse stays out: the gate then reports the row's lineage as missing.</summary>
    private static void Raw(Utf8JsonWriter json, string name, string value)
    {
        try
        {
            using var parsed = JsonDocument.Parse(value);
            json.WritePropertyName(name);
            parsed.RootElement.WriteTo(json);
        }
        catch (JsonException)
        {
        }
    }

    private static string? AsString(object? value) => value switch
    {
        null => null,
        string s => s,
        byte[] bytes => Encoding.UTF8.GetString(bytes),
        _ => value.ToString(),
    };
}
