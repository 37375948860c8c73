using System.Globalization;
using System.Text.Json;
using ProvenanceGuard.Records;

namespace ProvenanceGuard.Curation.NearDuplicates;

/// <summary>
/// Which record of a near-duplicate cluster is kept: stronger human evidence first (lower P(machine); unscored
/// counts as no evidence), then the earlier date (from a metadata field; dated beats undated), then the longer
/// text, then the smaller id (ordinal), then canonical order. A total order, so the choice is deterministic.
/// </summary>
public sealed class RepresentativeOrder(string dateField) : IComparer<Record>
{
    public int Compare(Record? x, Record? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return 1;
        if (y is null) return -1;
        var byEvidence = (x.Attributes.PMachine ?? double.PositiveInfinity).CompareTo(y.Attributes.PMachine ?? double.PositiveInfinity);
        if (byEvidence != 0) return byEvidence;
        var (dx, dy) = (DateOf(x), DateOf(y));
        if (dx is not null || dy is not null)
        {
            if (dx is null) return 1;
            if (dy is null) return -1;
            var byDate = dx.Value.CompareTo(dy.Value);
            if (byDate != 0) return byDate;
        }
        var byLength = y.TextLength.CompareTo(x.TextLength);
        if (byLength != 0) return byLength;
        var byId = string.CompareOrdinal(x.Id, y.Id);
        return byId != 0 ? byId : x.Sequence.CompareTo(y.Sequence);
    }

    /// <summary>True when <paramref name="candidate"/> should replace <paramref name="current"/> as the representative.</summary>
    public bool Prefers(Record candidate, Record current) => Compare(candidate, current) < 0;

    private DateTimeOffset? DateOf(Record record)
    {
        if (record.MetadataJson is null) return null;
        try
        {
            using var metadata = JsonDocument.Parse(record.MetadataJson);
            return metadata.RootElement.ValueKind == JsonValueKind.Object
                   && metadata.RootElement.TryGetProperty(dateField, out var value) && value.ValueKind == JsonValueKind.String
                   && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
                ? date
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
