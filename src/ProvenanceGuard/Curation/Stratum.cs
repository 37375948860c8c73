using System.Text.Json;
using ProvenanceGuard.Records;

namespace ProvenanceGuard.Curation;

/// <summary>
/// A record's stratum under a policy's <see cref="CurationPolicy.StratumField"/>: its source for "source", else the
/// value of that top-level metadata field (strings as they are, other values as JSON), or "(none)" when absent.
/// The curator reads it from records and the gate from shard rows, with the same rule.
/// </summary>
public static class Stratum
{
    public const string None = "(none)";

    public static string Of(Record record, string field)
    {
        if (field == "source") return record.Source;
        if (record.MetadataJson is null) return None;
        using var metadata = JsonDocument.Parse(record.MetadataJson);
        return Value(metadata.RootElement, field);
    }

    /// <summary>The stratum of a shard row (its "source", or a field of its "metadata" object).</summary>
    public static string Of(JsonElement row, string field)
    {
        if (field == "source") return row.TryGetProperty("source", out var source) && source.ValueKind == JsonValueKind.String ? source.GetString()! : None;
        return row.TryGetProperty("metadata", out var metadata) ? Value(metadata, field) : None;
    }

    private static string Value(JsonElement metadata, string field) =>
        metadata.ValueKind == JsonValueKind.Object && metadata.TryGetProperty(field, out var value) && value.ValueKind != JsonValueKind.Null
            ? value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText()
            : None;
}
