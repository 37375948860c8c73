using System.Globalization;
using System.Text.Json;
using ProvenanceGuard.Provenance.Watermark;
using ProvenanceGuard.Records;

namespace ProvenanceGuard.Provenance.Fusion;

/// <summary>
/// Collects a <see cref="Record"/>'s evidence: the input's <c>url</c> (else the record's source), <c>published_at</c>
/// (or <c>date</c>), <c>crawled_at</c> and <c>generated_by</c> (or another declared-generator field) fields, the
/// detector's log-likelihood ratio, and an optional watermark score. A date that does not parse is ignored rather than guessed.
/// </summary>
public static class RecordEvidence
{
    public static ProvenanceEvidence From(Record record, WatermarkScore? watermark = null, string generatedByField = "generated_by")
    {
        string? url = null, generatedBy = null;
        DateTimeOffset? published = null, crawled = null;
        if (record.MetadataJson is { } json)
        {
            JsonDocument document;
            try { document = JsonDocument.Parse(json); }
            catch (JsonException e) { throw new InvalidDataException($"record {record.Id} ({record.Origin.File}:{record.Origin.Line}): metadata is not JSON ({e.Message})"); }
            using var _ = document;
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                url = Text(root, "url");
                generatedBy = Text(root, generatedByField);
                published = Date(Text(root, "published_at") ?? Text(root, "date"));
                crawled = Date(Text(root, "crawled_at"));
            }
        }
        return new ProvenanceEvidence
        {
            Source = url ?? record.Source,
            PublishedAt = published,
            CrawledAt = crawled,
            GeneratedBy = generatedBy,
            WatermarkHit = watermark?.IsHit ?? false,
            WatermarkZ = watermark?.Z,
            DetectorLogLikelihoodRatio = record.Attributes.TooShortToJudge ? null : record.Attributes.LogLikelihoodRatio,
        };
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString()) ? value.GetString() : null;

    private static DateTimeOffset? Date(string? text) =>
        text is not null && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) ? date : null;
}
