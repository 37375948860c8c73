using System.Text.Json;

namespace ProvenanceGuard.Detection.Baseline;

/// <summary>
/// Fits the baseline's logistic line on labelled JSONL ({"text", "label": "human"|"machine"}), weighting the
/// classes equally so the fitted logit is a log-likelihood ratio (it is stated at a 50% base rate).
/// </summary>
public static class BaselineFitter
{
    public static UnigramSurprisalModel FitFiles(UnigramReference reference, IReadOnlyList<string> dataFiles, int minWords = 20) =>
        Fit(reference, dataFiles.SelectMany(ReadLabelled), string.Join(", ", dataFiles.Select(Path.GetFileName)), minWords);

    public static UnigramSurprisalModel Fit(UnigramReference reference, IEnumerable<(string Text, bool IsMachine)> samples, string trainedOn, int minWords = 20)
    {
        var probe = new UnigramSurprisalBaseline(reference, new UnigramSurprisalModel { MinWords = minWords });
        var x = new List<double>();
        var y = new List<bool>();
        foreach (var (text, isMachine) in samples)
        {
            var (mean, words) = probe.MeanSurprisal(text);
            if (words < minWords) continue;
            x.Add(mean);
            y.Add(isMachine);
        }
        if (y.Count(v => v) == 0 || y.Count(v => !v) == 0) throw new InvalidDataException("fitting needs both human and machine texts");

        var (intercept, slope) = FitLogistic(x, y);
        var auroc = Auroc(x.Select(v => slope * v).ToList(), y);
        return new UnigramSurprisalModel
        {
            Intercept = intercept,
            Slope = slope,
            MinWords = minWords,
            ReferenceCorpusDigest = reference.CorpusDigest,
            TrainedOn = trainedOn,
            Metrics = new Dictionary<string, double>
            {
                ["n"] = y.Count,
                ["machine"] = y.Count(v => v),
                ["human"] = y.Count(v => !v),
                ["training_auroc"] = Math.Round(auroc, 4),
            },
        };
    }

    private static IEnumerable<(string, bool)> ReadLabelled(string file)
    {
        var lineNumber = 0;
        foreach (var line in File.ReadLines(file))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            string? text, label;
            try
            {
                using var doc = JsonDocument.Parse(line);
                text = doc.RootElement.GetProperty("text").GetString();
                label = doc.RootElement.GetProperty("label").GetString();
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                throw new InvalidDataException($"{file}:{lineNumber}: expected {{\"text\": ..., \"label\": \"human\"|\"machine\"}}: {e.Message}");
            }
            if (label is not ("human" or "machine")) throw new InvalidDataException($"{file}:{lineNumber}: label must be human or machine, not '{label}'");
            yield return (text ?? "", label == "machine");
        }
    }

    /// <summary>Class-balanced 1-D logistic regression by Newton's method on a standardised feature.</summary>
    internal static (double Intercept, double Slope) FitLogistic(IReadOnlyList<double> x, IReadOnlyList<bool> y)
    {
        var mean = x.Average();
        var sd = Math.Sqrt(x.Sum(v => (v - mean) * (v - mean)) / x.Count);
        if (sd == 0) sd = 1;
        var positives = y.Count(v => v);
        var wPos = x.Count / (2.0 * positives);
        var wNeg = x.Count / (2.0 * (x.Count - positives));
        double a = 0, b = 0;
        for (var iteration = 0; iteration < 50; iteration++)
        {
            double ga = 0, gb = 0, haa = 1e-9, hab = 0, hbb = 1e-9;
            for (var i = 0; i < x.Count; i++)
            {
                var z = (x[i] - mean) / sd;
                var p = 1 / (1 + Math.Exp(-(a + b * z)));
                var w = y[i] ? wPos : wNeg;
                var r = (y[i] ? 1 : 0) - p;
                ga += w * r;
                gb += w * r * z;
                var h = w * p * (1 - p);
                haa += h;
                hab += h * z;
                hbb += h * z * z;
            }
            var det = haa * hbb - hab * hab;
            var da = (hbb * ga - hab * gb) / det;
            var db = (haa * gb - hab * ga) / det;
            a += da;
            b += db;
            if (Math.Abs(da) + Math.Abs(db) < 1e-10) break;
        }
        return (a - b * mean / sd, b / sd);
    }

    /// <summary>Area under the ROC curve: the probability a random machine text outscores a random human one (ties count half).</summary>
    public static double Auroc(IReadOnlyList<double> scores, IReadOnlyList<bool> isMachine)
    {
        var order = Enumerable.Range(0, scores.Count).OrderBy(i => scores[i]).ToArray();
        double rankSum = 0;
        var i0 = 0;
        while (i0 < order.Length)
        {
            var i1 = i0;
            while (i1 + 1 < order.Length && scores[order[i1 + 1]] == scores[order[i0]]) i1++;
            var averageRank = (i0 + i1) / 2.0 + 1;
            for (var k = i0; k <= i1; k++) if (isMachine[order[k]]) rankSum += averageRank;
            i0 = i1 + 1;
        }
        double positives = isMachine.Count(v => v), negatives = isMachine.Count - positives;
        return (rankSum - positives * (positives + 1) / 2) / (positives * negatives);
    }
}
