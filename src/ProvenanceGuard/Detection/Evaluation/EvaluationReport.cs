using ProvenanceGuard.Detection.Data;
using ProvenanceGuard.Detection.Training;

namespace ProvenanceGuard.Detection.Evaluation;

/// <summary>Metrics overall and per group value; <see cref="TooShort"/> texts were flagged, not scored, and are left out.</summary>
public sealed record EvaluationReport(DetectionMetrics Overall, IReadOnlyDictionary<string, DetectionMetrics> Groups, int TooShort)
{
    /// <summary>
    /// Evaluates log-likelihood ratios (NaN = too short) against labels. Groups are keyed by the values of
    /// <paramref name="groupBy"/> fields joined with '/'. A field on which all human texts share one value
    /// (e.g. generator = "human") does not restrict the humans a group is compared against, so a generator's
    /// group is its texts versus the humans that match on the remaining fields. Calibration error uses
    /// P(machine) at the evaluated set's own machine share, i.e. it checks the log-likelihood ratio. A group of
    /// human texts only (e.g. generator = "human") is not reported when the data has machine texts.
    /// </summary>
    public static EvaluationReport Evaluate(IReadOnlyList<LabelledText> texts, IReadOnlyList<double> llr, double threshold, IReadOnlyList<string> groupBy)
    {
        var scored = Enumerable.Range(0, texts.Count).Where(i => !double.IsNaN(llr[i])).ToList();
        var overall = Metrics(scored, texts, llr, threshold);
        var groups = new SortedDictionary<string, DetectionMetrics>(StringComparer.Ordinal);
        if (groupBy.Count > 0)
        {
            var humans = scored.Where(i => !texts[i].IsMachine).ToList();
            var labelLike = groupBy.Where(f => humans.Count > 0 && humans.Select(i => texts[i].Field(f)).Distinct().Count() == 1).ToHashSet();
            string Key(int i) => string.Join('/', groupBy.Select(f => texts[i].Field(f)));
            foreach (var key in scored.Select(Key).Distinct())
            {
                var members = scored.Where(i => Key(i) == key).ToList();
                if (members.All(i => !texts[i].IsMachine) && humans.Count < scored.Count) continue; // humans alone: nothing to separate
                if (members.All(i => texts[i].IsMachine))
                {
                    var sample = members[0];
                    members.AddRange(humans.Where(h => groupBy.All(f => labelLike.Contains(f) || texts[h].Field(f) == texts[sample].Field(f))));
                }
                groups[key] = Metrics(members, texts, llr, threshold);
            }
        }
        return new EvaluationReport(overall, groups, texts.Count - scored.Count);
    }

    private static DetectionMetrics Metrics(List<int> members, IReadOnlyList<LabelledText> texts, IReadOnlyList<double> llr, double threshold)
    {
        var scores = members.Select(i => llr[i]).ToArray();
        var labels = members.Select(i => texts[i].IsMachine).ToArray();
        var share = labels.Length == 0 ? 0.5 : Math.Clamp(labels.Count(l => l) / (double)labels.Length, 1e-6, 1 - 1e-6);
        var probabilities = scores.Select(s => PlattCalibrator.Probability(s, share)).ToArray();
        return DetectionMetrics.Compute(scores, labels, threshold, probabilities);
    }
}
