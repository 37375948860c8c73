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
        if (includeSequence) writer.WriteNumber(Names.Sequence, record.Sequence);
        writer.WriteString(Names.Id, record.Id);
        if (record.TryGetUtf8Text(out var utf8)) JsonStringEncoder.WriteString(writer, Names.Text, utf8);
        else JsonStringEncoder.WriteString(writer, Names.Text, record.Text);
        writer.WriteString(Names.Source, record.Source);
        writer.WriteString(Names.ContentSha256, record.ContentSha256);
        writer.WriteString(Names.OriginFile, record.Origin.File);
        writer.WriteNumber(Names.OriginLine, record.Origin.Line);
        writer.WriteNumber(Names.OriginOffset, record.Origin.ByteOffset);
        var attributes = record.Attributes;
        if (attributes.PMachine is { } p) writer.WriteNumber(Names.PMachine, p);
        if (attributes.LogLikelihoodRatio is { } llr) writer.WriteNumber(Names.Llr, llr);
        if (attributes.Detector is not null) writer.WriteString(Names.Detector, attributes.Detector);
        if (attributes.TooShortToJudge) writer.WriteBoolean(Names.TooShortToJudge, true);
        if (attributes.PSynthetic is { } fused) writer.WriteNumber(Names.PSynthetic, fused);
        if (record.MetadataJson is not null)
        {
            writer.WritePropertyName(Names.Metadata);
            writer.WriteRawValue(record.MetadataJson, skipInputValidation: true);
        }
        if (record.Disposition is { } d) WriteDisposition(writer, d);
        if (record.RejectMessage is not null) writer.WriteString(Names.Message, record.RejectMessage);
        WriteLineage(writer, record);
        writer.WriteEndObject();
    }

    /// <summary>A line of dispositions.jsonl.gz: where the record came from, its score, what became of it and its lineage trail (no text).</summary>
    public static void WriteDispositionLine(Utf8JsonWriter writer, Record record)
    {
        writer.WriteStartObject();
        writer.WriteString(Names.Id, record.Id);
        writer.WriteString(Names.ContentSha256, record.ContentSha256);
        writer.WriteString(Names.Source, record.Source);
        writer.WriteString(Names.OriginFile, record.Origin.File);
        writer.WriteNumber(Names.OriginLine, record.Origin.Line);
        writer.WriteNumber(Names.OriginOffset, record.Origin.ByteOffset);
        if (record.Attributes.PMachine is { } p) writer.WriteNumber(Names.PMachine, p);
        if (record.Attributes.PSynthetic is { } fused) writer.WriteNumber(Names.PSynthetic, fused);
        WriteDisposition(writer, record.Disposition!);
        WriteLineage(writer, record);
        writer.WriteEndObject();
    }

    public static void WriteLineage(Utf8JsonWriter writer, Record record)
    {
        writer.WritePropertyName(Names.Lineage);
        WriteLineageEvents(writer, record.Lineage);
    }

    /// <summary>A lineage trail as a JSON array of {stage, version, parameters_hash, decision}: the same shape in every file that carries one.</summary>
    public static void WriteLineageEvents(Utf8JsonWriter writer, IReadOnlyList<LineageEvent> events)
    {
        writer.WriteStartArray();
        foreach (var e in events)
        {
            writer.WriteStartObject();
            writer.WriteString(Names.Stage, e.Stage);
            writer.WriteString(Names.Version, e.Version);
            writer.WriteString(Names.ParametersHash, e.ParametersHash);
            writer.WriteString(Names.Decision, e.Decision);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    public static void WriteDisposition(Utf8JsonWriter writer, Disposition d)
    {
        writer.WriteString(Names.Disposition, d.Kind switch
        {
            DispositionKind.Kept => "kept",
            DispositionKind.Rejected => "rejected",
            _ => "duplicate",
        });
        if (d.Shard is not null) writer.WriteString(Names.Shard, d.Shard);
        if (d.Row >= 0) writer.WriteNumber(Names.Row, d.Row);
        if (d.Reason is not null) writer.WriteString(Names.Reason, d.Reason);
        if (d.DuplicateOf is not null) writer.WriteString(Names.DuplicateOf, d.DuplicateOf);
    }

    /// <summary>Property names encoded once: every record writes each of them, the lineage's four six times over.</summary>
    private static class Names
    {
        public static readonly JsonEncodedText ContentSha256 = JsonEncodedText.Encode("content_sha256");
        public static readonly JsonEncodedText Decision = JsonEncodedText.Encode("decision");
        public static readonly JsonEncodedText Detector = JsonEncodedText.Encode("detector");
        public static readonly JsonEncodedText Disposition = JsonEncodedText.Encode("disposition");
        public static readonly JsonEncodedText DuplicateOf = JsonEncodedText.Encode("duplicate_of");
        public static readonly JsonEncodedText Id = JsonEncodedText.Encode("id");
        public static readonly JsonEncodedText Lineage = JsonEncodedText.Encode("lineage");
        public static readonly JsonEncodedText Llr = JsonEncodedText.Encode("llr");
        public static readonly JsonEncodedText Message = JsonEncodedText.Encode("message");
        public static readonly JsonEncodedText Metadata = JsonEncodedText.Encode("metadata");
        public static readonly JsonEncodedText OriginFile = JsonEncodedText.Encode("origin_file");
        public static readonly JsonEncodedText OriginLine = JsonEncodedText.Encode("origin_line");
        public static readonly JsonEncodedText OriginOffset = JsonEncodedText.Encode("origin_offset");
        public static readonly JsonEncodedText PMachine = JsonEncodedText.Encode("p_machine");
        public static readonly JsonEncodedText PSynthetic = JsonEncodedText.Encode("p_synthetic");
        public static readonly JsonEncodedText ParametersHash = JsonEncodedText.Encode("parameters_hash");
        public static readonly JsonEncodedText Reason = JsonEncodedText.Encode("reason");
        public static readonly JsonEncodedText Row = JsonEncodedText.Encode("row");
        public static readonly JsonEncodedText Sequence = JsonEncodedText.Encode("sequence");
        public static readonly JsonEncodedText Shard = JsonEncodedText.Encode("shard");
        public static readonly JsonEncodedText Source = JsonEncodedText.Encode("source");
        public static readonly JsonEncodedText Stage = JsonEncodedText.Encode("stage");
        public static readonly JsonEncodedText Text = JsonEncodedText.Encode("text");
        public static readonly JsonEncodedText TooShortToJudge = JsonEncodedText.Encode("too_short_to_judge");
        public static readonly JsonEncodedText Version = JsonEncodedText.Encode("version");
    }
}
