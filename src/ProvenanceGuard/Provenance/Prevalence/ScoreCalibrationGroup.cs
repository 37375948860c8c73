namespace ProvenanceGuard.Provenance.Prevalence;

/// <summary>
/// The binned log-likelihood ratios of one calibration group's machine and human texts (texts that share a prompt or
/// source document, and so share their errors): what <see cref="MixturePrevalenceEstimator"/> resamples.
/// </summary>
public sealed record ScoreCalibrationGroup(IReadOnlyList<BinCount> Machine, IReadOnlyList<BinCount> Human)
{
    /// <summary>Groups texts by key (a text with a null key is a group of its own) and bins their scores, in key order.</summary>
    public static List<ScoreCalibrationGroup> FromScores(IEnumerable<(string? Group, bool Machine, double Llr)> texts, LlrBins bins)
    {
        var groups = new SortedDictionary<string, (Dictionary<int, int> Machine, Dictionary<int, int> Human)>(StringComparer.Ordinal);
        var ungrouped = 0;
        foreach (var (group, machine, llr) in texts)
        {
            var key = group is null ? "\u0001#" + ungrouped++ : "g:" + group;
            if (!groups.TryGetValue(key, out var g)) groups[key] = g = ([], []);
            var histogram = machine ? g.Machine : g.Human;
            var bin = bins.Index(llr);
            histogram[bin] = histogram.GetValueOrDefault(bin) + 1;
        }
        return groups.Values.Select(g => new ScoreCalibrationGroup(Sparse(g.Machine), Sparse(g.Human))).ToList();
    }

    internal static BinCount[] Sparse(Dictionary<int, int> histogram) =>
        histogram.OrderBy(kv => kv.Key).Select(kv => new BinCount(kv.Key, kv.Value)).ToArray();
}
