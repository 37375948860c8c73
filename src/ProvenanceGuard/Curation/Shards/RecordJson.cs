using System.Text.Encodings.Web;
using System.Text.Json;
using ProvenanceGuard.Records;

namespace ProvenanceGuard.Curation.Shards;

/// <summary>
/// The JSON shape of a record in shards, the rejected file and task outputs (documented in
/// schemas/shard-record.schema.json). One writer for all of them, so the files agree field for field.
/// </summary>
public static class RecordJson
{
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    public static void Write(Utf8JsonWriter writer, Record record, bool includeSequence = false)
    {
        writer.WriteStartObject();
        if (includeSequence) writer.WriteNumber("sequence", record.Sequence);
        writer.WriteString("id", record.Id);
        writer.WriteString("text", record.Text);
        writer.WriteString("source", record.Source);
        writer.WriteString("content_sha256", record.ContentSha256);
        writer.WriteString("origin_file", record.Origin.File);
        writer.WriteNumber("origin_line", record.Origin.Line);
        writer.WriteNumber("origin_offset", record.Origin.ByteOffset);
        var attributes = record.Attributes;
        if (attributes.PMachine is { } p) writer.WriteNumber("p_machine", p);
        if (attributes.LogLikelihoodRatio is { } llr) writer.WriteNumber("llr", llr);
        if (attributes.Detector is not null) writer.WriteString("detector", attributes.Detector);
        if (attributes.TooShortToJudge) writer.WriteBoolean("too_short_to_judge", true);
        if (attributes.PSynthetic is { } fused) writer.WriteNumber("p_synthetic", fused);
        if (record.MetadataJson is not null)
        {
            writer.WritePropertyName("metadata");
            writer.WriteRawValue(record.MetadataJson, skipInputValidation: true);
        }
        if (record.Disposition is { } d) WriteDisposition(writer, d);
        if (record.RejectMessage is not null) writer.WriteString("message", record.RejectMessage);
        WriteLineage(writer, record);
        writer.WriteEndObject();
    }

    /// <summary>A line of dispositions.jsonl.gz: where the record came from, its score, what became of it and its lineage trail (no text).</summary>
    public static void WriteDispositionLine(Utf8JsonWriter writer, Record record)
    {
        writer.WriteStartObject();
        writer.WriteString("id", record.Id);
        writer.WriteString("content_sha256", record.ContentSha256);
        writer.WriteString("source", record.Source);
        writer.WriteString("origin_file", record.Origin.File);
        writer.WriteNumber("origin_line", record.Origin.Line);
        writer.WriteNumber("origin_offset", record.Origin.ByteOffset);
        if (record.Attributes.PMachine is { } p) writer.WriteNumber("p_machine", p);
        if (record.Attributes.PSynthetic is { } fused) writer.WriteNumber("p_synthetic", fused);
        WriteDisposition(writer, record.Disposition!);
        WriteLineage(writer, record);
        writer.WriteEndObject();
    }

    public static void WriteLineage(Utf8JsonWriter writer, Record record)
    {
        writer.WritePropertyName("lineage");
        WriteLineageEvents(writer, record.Lineage);
    }

    /// <summary>A lineage trail as a JSON array of {stage, version, parameters_hash, decision}: the same shape in every file that carries one.</summary>
    public static void WriteLineageEvents(Utf8JsonWriter writer, IReadOnlyList<LineageEvent> events)
    {
        writer.WriteStartArray();
        foreach (var e in events)
        {
            writer.WriteStartObject();
            writer.WriteString("stage", e.Stage);
            writer.WriteString("version", e.Version);
            writer.WriteString("parameters_hash", e.ParametersHash);
            writer.WriteString("decision", e.Decision);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    public static void WriteDisposition(Utf8JsonWriter writer, Disposition d)
    {
        writer.WriteString("disposition", d.Kind switch
        {
            DispositionKind.Kept => "kept",
            DispositionKind.Rejected => "rejected",
            _ => "duplicate",
        });
        if (d.Shard is not null) writer.WriteString("shard", d.Shard);
        if (d.Row >= 0) writer.WriteNumber("row", d.Row);
        if (d.Reason is not null) writer.WriteString("reason", d.Reason);
        if (d.DuplicateOf is not null) writer.WriteString("duplicate_of", d.DuplicateOf);
    }
}
