using System.Globalization;
using System.Security.Cryptography;
using ProvenanceGuard.Detection;
using ProvenanceGuard.Detection.Data;
using ProvenanceGuard.Detection.Evaluation;
using ProvenanceGuard.Detection.Training;
using ProvenanceGuard.Provenance.Prevalence;

namespace ProvenanceGuard.Bench.Prevalence;

/// <summary>
/// Prevalence with the trained detector (models/detector-default.json) on labelled mixtures from dev.jsonl. Every text's
/// log-likelihood ratio is out-of-fold: the model card's own grouped 5-fold cross-validation (same options, same folds,
/// Platt calibration on the out-of-fold scores) is re-run, so no text is scored by a model that saw its prompt group.
/// For each draw the prompt groups are split at random into a calibration half (TPR/FPR at the model's threshold) and an
/// estimation half (the mixture's texts, drawn with replacement), so rates are never measured on the texts estimated.
/// </summary>
public static class TrainedDetectorPrevalenceBench
{
    private static readonly double[] Shares = [0.01, 0.05, 0.20, 0.50];

    private sealed record Text(string Group, bool Machine, double Llr);

    public static void Run(string data, int draws, int n, double[] extraFprTargets)
    {
        var modelPath = ProjectPaths.Require(DetectorModel.DefaultRelativePath, "model");
        var detector = DetectorModel.Load(modelPath);
        var texts = OutOfFold(data, detector);
        var human = texts.Where(t => !t.Machine).Select(t => t.Llr).ToList();
        var cvThreshold = ScoreMetrics.ThresholdForFpr(human, 0.01);
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"(3) {data}: trained detector {detector.Name}@{detector.Version}, out-of-fold LLRs of {texts.Count} texts; model threshold LLR {detector.ThresholdLlr:0.####} (re-run CV gives {cvThreshold:0.####}); " +
            $"out-of-fold TPR {texts.Where(t => t.Machine).Average(t => t.Llr > detector.ThresholdLlr ? 1.0 : 0.0):0.0000}, FPR {human.Average(l => l > detector.ThresholdLlr ? 1.0 : 0.0):0.0000}"));
        Console.WriteLine($"{draws} mixtures of {n:N0} per share; each draw splits the {texts.Select(t => t.Group).Distinct().Count()} prompt groups at random into calibration and estimation halves");
        Measure(texts, detector.ThresholdLlr, "model threshold (1% FPR)", draws, n);
        foreach (var target in extraFprTargets)
            Measure(texts, ScoreMetrics.ThresholdForFpr(human, target), string.Create(CultureInfo.InvariantCulture, $"threshold at {target:P0} out-of-fold FPR"), draws, n);
    }

    private static void Measure(List<Text> texts, double threshold, string label, int draws, int n)
    {
        var groups = texts.GroupBy(t => t.Group, StringComparer.Ordinal).Select(g => g.ToArray()).OrderBy(g => g[0].Group, StringComparer.Ordinal).ToArray();
        var plain = new PrevalenceEstimator();
        var clustered = new ClusteredPrevalenceEstimator();
        Console.WriteLine();
        Console.WriteLine($"{label}: binomial interval (PrevalenceEstimator) | cluster-aware interval (ClusteredPrevalenceEstimator, calibration and mixture resampled by prompt group)");
        Console.WriteLine("| true share | mean estimate | coverage (binomial) | coverage (cluster) | within 2 points | mean abs error | width (binomial) | width (cluster) | mean cal. TPR | mean cal. FPR | quota bound >= truth |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var share in Shares)
        {
            var world = new Random(300 + (int)(share * 1000));
            var results = new List<(double Truth, PrevalenceEstimate Plain, PrevalenceEstimate Clustered, DetectorErrorRates Rates)>();
            var boundCovers = 0;
            for (var d = 0; d < draws; d++)
            {
                var order = groups.OrderBy(_ => world.Next()).ToArray();
                var calibrationGroups = order[..(order.Length / 2)];
                var estimation = order[(order.Length / 2)..].SelectMany(g => g).ToArray();
                var calibration = calibrationGroups.Select(g => new CalibrationGroup(
                    g.Count(t => t.Machine), g.Count(t => t.Machine && t.Llr > threshold), g.Count(t => !t.Machine), g.Count(t => !t.Machine && t.Llr > threshold))).ToList();
                var rates = CalibrationGroup.Pool(calibration);
                var machinePool = estimation.Where(t => t.Machine).ToArray();
                var humanPool = estimation.Where(t => !t.Machine).ToArray();
                var synthetic = (int)Math.Round(share * n);
                // The mixture's clusters: its texts by prompt group and label (a text drawn twice counts twice in its cluster).
                var clusters = new Dictionary<(string, bool), (int N, int Flagged)>();
                var flagged = 0;
                for (var i = 0; i < n; i++)
                {
                    var text = i < synthetic ? machinePool[world.Next(machinePool.Length)] : humanPool[world.Next(humanPool.Length)];
                    var isFlagged = text.Llr > threshold;
                    if (isFlagged) flagged++;
                    var c = clusters.GetValueOrDefault((text.Group, text.Machine));
                    clusters[(text.Group, text.Machine)] = (c.N + 1, c.Flagged + (isFlagged ? 1 : 0));
                }
                var truth = (double)synthetic / n;
                // The curator's quota bound (one-sided 95%, deterministic) on the same mixture and calibration rates.
                if (RoganGladenBound.Upper(flagged, n, rates, 1.6448536269514722) >= truth) boundCovers++;
                results.Add((truth, plain.Estimate(n, flagged, rates, new Random(d)),
                    clustered.Estimate(clusters.Values.Select(c => new FlagCount(c.N, c.Flagged)).ToList(), calibration, new Random(d)), rates));
            }
            double Rate(Func<(double Truth, PrevalenceEstimate Plain, PrevalenceEstimate Clustered, DetectorErrorRates Rates), bool> hit) => results.Count(hit) / (double)results.Count;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {share:P0} | {results.Average(r => r.Plain.Share):0.0000} | {Rate(r => r.Plain.CiLow <= r.Truth && r.Truth <= r.Plain.CiHigh):P1} | " +
                $"{Rate(r => r.Clustered.CiLow <= r.Truth && r.Truth <= r.Clustered.CiHigh):P1} | {Rate(r => Math.Abs(r.Plain.Share - r.Truth) <= 0.02 + 1e-12):P1} | " +
                $"{results.Average(r => Math.Abs(r.Plain.Share - r.Truth)):0.0000} | {results.Average(r => r.Plain.CiHigh - r.Plain.CiLow):0.0000} | " +
                $"{results.Average(r => r.Clustered.CiHigh - r.Clustered.CiLow):0.0000} | {results.Average(r => r.Rates.Tpr):0.0000} | {results.Average(r => r.Rates.Fpr):0.0000} | {boundCovers / (double)draws:P1} |"));
        }
    }

    /// <summary>Out-of-fold LLRs under the card's own protocol, cached in the temp folder by model and data digest (the CV takes minutes).</summary>
    private static List<Text> OutOfFold(string data, SignatureDetector detector)
    {
        var file = LabelledTextReader.Read(data);
        var cache = Path.Combine(Path.GetTempPath(), $"provguard-oof-{detector.ModelDigest[..12]}-{file.Sha256[..12]}.tsv");
        if (File.Exists(cache))
            return File.ReadLines(cache).Select(l => l.Split('\t'))
                .Select(p => new Text(p[0], p[1] == "1", double.Parse(p[2], CultureInfo.InvariantCulture))).ToList();

        var options = TrainingOptions.Default with { Features = detector.Featurizer.Options };
        var started = DateTime.UtcNow;
        var set = TrainingSet.Extract(file.Texts, detector.Featurizer, options.Threads);
        var labels = Enumerable.Range(0, set.Count).Select(set.IsMachine).ToArray();
        var oof = CrossValidator.Scores(set, CrossValidator.Grouped(set, options), options);
        var calibration = PlattCalibrator.Fit(oof, labels);
        Console.Error.WriteLine($"out-of-fold scores of {set.Count} texts in {(DateTime.UtcNow - started).TotalSeconds:F0} s ({set.TooShort} too short)");
        var texts = Enumerable.Range(0, set.Count)
            .Select(i => new Text(set.Texts[i].Field("group"), labels[i], calibration.LogLikelihoodRatio(oof[i]))).ToList();
        File.WriteAllLines(cache, texts.Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Group}\t{(t.Machine ? 1 : 0)}\t{t.Llr:R}")));
        return texts;
    }
}
