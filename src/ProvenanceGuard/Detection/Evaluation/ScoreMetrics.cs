namespace ProvenanceGuard.Detection.Evaluation;

/// <summary>Ranking and calibration metrics for detector scores (higher score = more machine-like).</summary>
public static class ScoreMetrics
{
    /// <summary>Probability a random machine text outscores a random human text (ties count half).</summary>
    public static double Auroc(ReadOnlySpan<double> scores, ReadOnlySpan<bool> isMachine)
    {
        var order = SortedIndices(scores, descending: false);
        double positives = 0, negatives = 0, rankSum = 0;
        var i = 0;
        while (i < order.Length)
        {
            var j = i;
            while (j + 1 < order.Length && scores[order[j + 1]] == scores[order[i]]) j++;
            var averageRank = (i + j) / 2.0 + 1;
            for (var k = i; k <= j; k++)
            {
                if (isMachine[order[k]]) { positives++; rankSum += averageRank; }
                else negatives++;
            }
            i = j + 1;
        }
        if (positives == 0 || negatives == 0) return double.NaN;
        return (rankSum - positives * (positives + 1) / 2) / (positives * negatives);
    }

    /// <summary>Area under the precision-recall curve as average precision (tied scores form one step).</summary>
    public static double AveragePrecision(ReadOnlySpan<double> scores, ReadOnlySpan<bool> isMachine)
    {
        var order = SortedIndices(scores, descending: true);
        var positives = 0;
        foreach (var m in isMachine) if (m) positives++;
        if (positives == 0 || positives == isMachine.Length) return double.NaN;
        double truePositives = 0, seen = 0, ap = 0;
        var i = 0;
        while (i < order.Length)
        {
            var j = i;
            var newPositives = 0;
            while (j < order.Length && scores[order[j]] == scores[order[i]])
            {
                if (isMachine[order[j]]) newPositives++;
                j++;
            }
            truePositives += newPositives;
            seen += j - i;
            ap += newPositives / (double)positives * (truePositives / seen);
            i = j;
        }
        return ap;
    }

    /// <summary>Share of machine texts caught at the strictest threshold whose false-positive rate stays within <paramref name="fpr"/>.</summary>
    public static double TprAtFpr(ReadOnlySpan<double> scores, ReadOnlySpan<bool> isMachine, double fpr)
    {
        var human = new List<double>();
        var machine = new List<double>();
        for (var i = 0; i < scores.Length; i++) (isMachine[i] ? machine : human).Add(scores[i]);
        if (human.Count == 0 || machine.Count == 0) return double.NaN;
        var threshold = ThresholdForFpr(human, fpr);
        return machine.Count(s => s > threshold) / (double)machine.Count;
    }

    /// <summary>The score above which at most <paramref name="fpr"/> of the given human scores fall.</summary>
    public static double ThresholdForFpr(IReadOnlyList<double> humanScores, double fpr)
    {
        var sorted = humanScores.OrderByDescending(s => s).ToArray();
        var allowed = (int)Math.Floor(fpr * sorted.Length + 1e-9);
        return allowed >= sorted.Length ? double.NegativeInfinity : sorted[allowed];
    }

    public static double F1(ReadOnlySpan<double> scores, ReadOnlySpan<bool> isMachine, double threshold)
    {
        double tp = 0, fp = 0, fn = 0;
        for (var i = 0; i < scores.Length; i++)
        {
            var predicted = scores[i] > threshold;
            if (predicted && isMachine[i]) tp++;
            else if (predicted) fp++;
            else if (isMachine[i]) fn++;
        }
        return tp == 0 ? 0 : 2 * tp / (2 * tp + fp + fn);
    }

    /// <summary>Expected calibration error over ten equal-width probability bins.</summary>
    public static double ExpectedCalibrationError(ReadOnlySpan<double> probabilities, ReadOnlySpan<bool> isMachine, int bins = 10)
    {
        if (probabilities.Length == 0) return double.NaN;
        Span<double> sumP = stackalloc double[bins];
        Span<double> sumY = stackalloc double[bins];
        Span<int> count = stackalloc int[bins];
        for (var i = 0; i < probabilities.Length; i++)
        {
            var b = Math.Clamp((int)(probabilities[i] * bins), 0, bins - 1);
            sumP[b] += probabilities[i];
            sumY[b] += isMachine[i] ? 1 : 0;
            count[b]++;
        }
        double ece = 0;
        for (var b = 0; b < bins; b++)
            if (count[b] > 0) ece += Math.Abs(sumP[b] - sumY[b]) / probabilities.Length;
        return ece;
    }

    private static int[] SortedIndices(ReadOnlySpan<double> scores, bool descending)
    {
        var keys = scores.ToArray();
        var order = Enumerable.Range(0, keys.Length).ToArray();
        Array.Sort(keys, order);
        if (descending) Array.Reverse(order);
        return order;
    }
}
