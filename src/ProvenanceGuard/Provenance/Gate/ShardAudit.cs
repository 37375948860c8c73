using System.Text;
using System.Text.Json;
using ProvenanceGuard.Curation;
using ProvenanceGuard.Records;

namespace ProvenanceGuard.Provenance.Gate;

/// <summary>
/// Recomputes one shard from its rows: how many, how many flagged synthetic under the gate's policy, whether
/// every row carries its lineage (source, a content hash that is the SHA-256 of its text, a lineage trail),
/// and which rows a policy would not have kept; given the mixture quota's bins, also its rows' binned LLRs (whole and per stratum).
/// </summary>
internal static class ShardAudit
{
    public sealed record Result(ShardComposition Composition, RowIdentity Rows, long AboveRejectLine, long TooShort, string? FirstLineageProblem,
        IReadOnlyDictionary<string, (long Rows, long Flagged)> Strata, IReadOnlyDictionary<string, long> RowsBySource,
        int[]? LlrCounts = null, long WithoutLlr = 0, IReadOnlyDictionary<string, int[]>? StrataLlrCounts = null);

    public static Result Read(string path, string file, CurationPolicy policy, Prevalence.LlrBins? bins = null)
    {
        var llrCounts = bins is null ? null : new int[bins.Total];
        var strataLlr = new Dictionary<string, int[]>(StringComparer.Ordinal);
        long withoutLlr = 0;
        long rows = 0, flagged = 0, unscored = 0, lineageIncomplete = 0, hashMismatch = 0, aboveReject = 0, tooShort = 0, scored = 0;
        double sum = 0;
        string? firstProblem = null;
        var identity = new RowIdentity();
        var strata = new Dictionary<string, (long Rows, long Flagged)>(StringComparer.Ordinal);
        var bySource = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var row in ShardRows.Read(path, file))
        {
            var id = String(row, "id");
            var text = String(row, "text");
            var source = String(row, "source");
            var hash = String(row, "content_sha256");
            var hasLineage = row.TryGetProperty("lineage", out var lineage) && lineage.ValueKind == JsonValueKind.Array && lineage.GetArrayLength() > 0;
            if (string.IsNullOrEmpty(id) || text is null || string.IsNullOrEmpty(source) || string.IsNullOrEmpty(hash) || !hasLineage)
            {
                lineageIncomplete++;
                firstProblem ??= $"row {rows}: missing {string.Join(", ", Missing(id, text, source, hash, hasLineage))}";
            }
            else if (!string.Equals(ContentHash.Of(Encoding.UTF8.GetBytes(text)), hash, StringComparison.Ordinal))
            {
                hashMismatch++;
                firstProblem ??= $"row {rows} (id {id}): content_sha256 is not the SHA-256 of its text";
            }
            var isFlagged = false;
            // A fusing pipeline judged the row by its fused P(synthetic); the gate judges it the same way.
            var judged = row.TryGetProperty("p_synthetic", out var fused) && fused.ValueKind == JsonValueKind.Number ? fused.GetDouble() : (double?)null;
            if (row.TryGetProperty("p_machine", out var pElement) && pElement.ValueKind == JsonValueKind.Number)
            {
                var p = pElement.GetDouble();
                scored++;
                sum += p;
                judged ??= p;
            }
            else unscored++;
            if (judged is { } j)
            {
                isFlagged = j >= policy.SyntheticThreshold;
                if (isFlagged) flagged++;
                if (policy.RejectAbove is { } limit && j >= limit) aboveReject++;
            }
            var llrBin = -1;
            if (bins is not null)
            {
                if (row.TryGetProperty("llr", out var llr) && llr.ValueKind == JsonValueKind.Number && double.IsFinite(llr.GetDouble()))
                    llrCounts![llrBin = bins.Index(llr.GetDouble())]++;
                else withoutLlr++;
            }
            if (policy.StratumField is { } field)
            {
                var stratum = Stratum.Of(row, field);
                var (n, f) = strata.GetValueOrDefault(stratum);
                strata[stratum] = (n + 1, f + (isFlagged ? 1 : 0));
                if (llrBin >= 0)
                {
                    if (!strataLlr.TryGetValue(stratum, out var counts)) strataLlr[stratum] = counts = new int[bins!.Total];
                    counts[llrBin]++;
                }
            }
            var sourceKey = source ?? Stratum.None;
            bySource[sourceKey] = bySource.GetValueOrDefault(sourceKey) + 1;
            if (text is not null && text.Length < policy.MinTextChars) tooShort++;
            identity.Add(rows, id ?? "");
            rows++;
        }
        var composition = new ShardComposition(file, rows, flagged, rows == 0 ? null : (double)flagged / rows, unscored,
            scored == 0 ? null : sum / scored, lineageIncomplete, hashMismatch);
        return new Result(composition, identity, aboveReject, tooShort, firstProblem, strata, bySource, llrCounts, withoutLlr, strataLlr);
    }

    private static string? String(JsonElement row, string name) =>
        row.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static IEnumerable<string> Missing(string? id, string? text, string? source, string? hash, bool lineage)
    {
        if (string.IsNullOrEmpty(id)) yield return "id";
        if (text is null) yield return "text";
        if (string.IsNullOrEmpty(source)) yield return "source";
        if (string.IsNullOrEmpty(hash)) yield return "content_sha256";
        if (!lineage) yield return "lineage";
    }
}
