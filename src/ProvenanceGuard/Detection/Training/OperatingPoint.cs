using System.Text.Json.Nodes;

namespace ProvenanceGuard.Detection.Training;

/// <summary>
/// How the detector did at its threshold on its own grouped out-of-fold scores: pooled TPR and FPR with their counts,
/// and the flagged counts per validation group ([machine, machine flagged, human, human flagged]), so an estimate that
/// corrects with these rates can resample whole groups, whose texts share their errors. Each group's binned out-of-fold
/// LLRs per class (<c>score_histograms</c>) let a prevalence estimate use the whole score, not only the threshold.
/// </summary>
public static class OperatingPoint
{
    // The histogram bins are stated in the card, so a reader takes them from there rather than from these constants.
    private const double HistogramLow = -10;
    private const double HistogramWidth = 0.1;
    private const int HistogramBins = 200;

    /// <summary>A text is flagged when its log-likelihood ratio is above the threshold, as the detector decides.</summary>
    public static JsonObject Measure(IReadOnlyList<Data.LabelledText> texts, IReadOnlyList<double> llr, double threshold, string groupField)
    {
        var groups = new SortedDictionary<string, int[]>(StringComparer.Ordinal);
        var histograms = new Dictionary<string, SortedDictionary<int, int[]>>(StringComparer.Ordinal);
        for (var i = 0; i < texts.Count; i++)
        {
            var key = texts[i].Field(groupField);
            if (key.Length == 0) key = "#" + i; // a text without a group is a group of its own
            if (!groups.TryGetValue(key, out var counts)) groups[key] = counts = new int[4];
            var offset = texts[i].IsMachine ? 0 : 2;
            counts[offset]++;
            if (llr[i] > threshold) counts[offset + 1]++;
            if (!histograms.TryGetValue(key, out var histogram)) histograms[key] = histogram = [];
            var bin = HistogramBin(llr[i]);
            if (!histogram.TryGetValue(bin, out var binCounts)) histogram[bin] = binCounts = new int[2];
            binCounts[texts[i].IsMachine ? 0 : 1]++;
        }
        int machine = 0, machineFlagged = 0, human = 0, humanFlagged = 0;
        foreach (var c in groups.Values)
        {
            machine += c[0]; machineFlagged += c[1]; human += c[2]; humanFlagged += c[3];
        }
        return new JsonObject
        {
            ["tpr"] = machine == 0 ? null : Math.Round((double)machineFlagged / machine, 6),
            ["fpr"] = human == 0 ? null : Math.Round((double)humanFlagged / human, 6),
            ["tpr_n"] = machine,
            ["fpr_n"] = human,
            ["group_field"] = groupField,
            ["groups"] = new JsonArray(groups.Values.Select(c => (JsonNode)new JsonArray(c.Select(v => (JsonNode)v).ToArray())).ToArray()),
            ["score_histograms"] = new JsonObject
            {
                ["llr_low"] = HistogramLow,
                ["bin_width"] = HistogramWidth,
                ["bins"] = HistogramBins,
                ["layout"] = "per group (same order as groups): flat [bin, machine, human, ...]; bin 0 holds LLRs below llr_low, bin i (1 to bins) those from llr_low plus i-1 bin widths up to llr_low plus i bin widths, bin bins plus 1 the rest",
                ["groups"] = new JsonArray(groups.Keys.Select(k => (JsonNode)new JsonArray(
                    histograms[k].SelectMany(kv => new[] { kv.Key, kv.Value[0], kv.Value[1] }).Select(v => (JsonNode)v).ToArray())).ToArray()),
            },
        };
    }

    private static int HistogramBin(double llr)
    {
        if (llr < HistogramLow) return 0;
        var i = Math.Floor((llr - HistogramLow) / HistogramWidth);
        return i >= HistogramBins ? HistogramBins + 1 : (int)i + 1;
    }
}
