using System.Globalization;
using ProvenanceGuard.Detection;
using ProvenanceGuard.Detection.Data;
using ProvenanceGuard.Detection.Training;
using ProvenanceGuard.Provenance.Prevalence;

namespace ProvenanceGuard.Bench.Prevalence;

/// <summary>
/// The synthetic-share estimate when the corpus's texts are not as long as the detector's training texts. The card's
/// grouped CV is re-run with its length check, so every dev text, every text cut to its first 60 words and every pair of
/// held-out texts joined has an out-of-fold log-likelihood ratio on the card's scale. Each draw splits the prompt groups
/// into halves: the rates at the threshold and the class score densities come from the calibration half's texts as they
/// are (what the model card holds), the mixture is drawn from one variant's texts of the other half. Both methods of
/// <c>detect prevalence</c> estimate it: Rogan-Gladen with those rates, and the score mixture.
/// Usage: bench prevalence --lengths [--draws N] [--n RECORDS] [--data dev.jsonl].
/// </summary>
public static class LengthShiftBench
{
    private static readonly double[] Shares = [0.0, 0.05, 0.20];

    private sealed record Text(string Group, bool Machine, double Llr);

    private static RatesAtThreshold RatesAt(IReadOnlyList<Text> texts, double threshold) =>
        RatesAtThreshold.Measure([.. texts.Select(t => t.Llr)], [.. texts.Select(t => t.Machine)], threshold);

    public static void Run(string data, int draws, int n)
    {
        var detector = DetectorModel.Load(ProjectPaths.Require(DetectorModel.DefaultRelativePath, "model"));
        var file = LabelledTextReader.Read(data);
        var options = TrainingOptions.Default with { Features = detector.Featurizer.Options };
        var started = DateTime.UtcNow;
        var set = TrainingSet.Extract(file.Texts, detector.Featurizer, options.Threads);
        var labels = Enumerable.Range(0, set.Count).Select(set.IsMachine).ToArray();
        var splits = CrossValidator.Grouped(set, options);
        var lengthCheck = new LengthCheck(set, detector.Featurizer, splits, options, detector.Parameters.Windows);
        var oof = CrossValidator.Scores(set, splits, options, lengthCheck.Score);
        var calibration = PlattCalibrator.Fit(oof, labels);
        Console.Error.WriteLine($"out-of-fold scores of {set.Count} texts and their length variants in {(DateTime.UtcNow - started).TotalSeconds:F0} s");

        Text Of(double score, int text) => new(set.Texts[text].Field("group"), labels[text], calibration.LogLikelihoodRatio(score));
        var asJudged = Enumerable.Range(0, set.Count).Select(i => Of(oof[i], i)).ToList();
        var variants = new (string Name, List<Text> Texts)[]
        {
            ("as judged", asJudged),
            ($"cut to the first {LengthCheck.CutWords} words", [.. lengthCheck.CutScores.Select(x => Of(x.Score, x.Text))]),
            ("two held-out texts joined", [.. lengthCheck.JoinedScores.Select(x => Of(x.Score, x.Text))]),
        };
        var threshold = detector.ThresholdLlr;
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{data}: {detector.Name}@{detector.Version}, threshold LLR {threshold:0.####}; {draws} mixtures of {n:N0} per share and length; rates and densities from the calibration half's texts as judged, mixtures from the other half's texts of each length"));
        Console.WriteLine("| texts in the mixture | TPR / FPR at the threshold there | true share | threshold method (mean estimate) | score mixture (mean estimate) |");
        Console.WriteLine("|---|---|---|---|---|");
        var groups = asJudged.Select(t => t.Group).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var mixture = new MixturePrevalenceEstimator(new MixtureOptions { Replicates = 100 }); // only the point estimate is read; the fewest replicates the estimator allows
        var bins = LlrBins.Default;
        foreach (var (name, texts) in variants)
        {
            var there = RatesAt(texts, threshold);
            foreach (var share in Shares)
            {
                var world = new Random(700 + (int)(share * 1000));
                var thresholdEstimates = new double[draws];
                var mixtureEstimates = new double[draws];
                for (var d = 0; d < draws; d++)
                {
                    var calibrationHalf = groups.OrderBy(_ => world.Next()).Take(groups.Length / 2).ToHashSet(StringComparer.Ordinal);
                    var reference = asJudged.Where(t => calibrationHalf.Contains(t.Group)).ToList();
                    var rates = RatesAt(reference, threshold);
                    var machinePool = texts.Where(t => t.Machine && !calibrationHalf.Contains(t.Group)).ToArray();
                    var humanPool = texts.Where(t => !t.Machine && !calibrationHalf.Contains(t.Group)).ToArray();
                    var synthetic = (int)Math.Round(share * n);
                    var drawn = Enumerable.Range(0, n).Select(i => i < synthetic ? machinePool[world.Next(machinePool.Length)] : humanPool[world.Next(humanPool.Length)]).ToList();
                    thresholdEstimates[d] = RoganGladen.Share(drawn.Average(t => t.Llr > threshold ? 1.0 : 0.0), rates.Tpr, rates.Fpr);
                    var records = drawn.GroupBy(t => bins.Index(t.Llr)).Select(b => new BinCount(b.Key, b.Count())).OrderBy(b => b.Bin).ToArray();
                    mixtureEstimates[d] = mixture.Estimate([records], ScoreCalibrationGroup.FromScores(reference.Select(t => ((string?)t.Group, t.Machine, t.Llr)), bins), bins, new Random(d)).Share;
                }
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {name} | {there.Tpr:0.000} / {there.Fpr:0.0000} | {share:P0} | {thresholdEstimates.Average():0.0000} | {mixtureEstimates.Average():0.0000} |"));
            }
        }
    }
}
