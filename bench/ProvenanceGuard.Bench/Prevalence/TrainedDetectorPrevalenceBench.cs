using System.Globalization;
using System.Security.Cryptography;
using ProvenanceGuard.Detection;
using ProvenanceGuard.Detection.Data;
using ProvenanceGuard.Detection.Evaluation;
using ProvenanceGuard.Detection.Training;
using ProvenanceGuard.Curation;
using ProvenanceGuard.Provenance.Prevalence;

namespace ProvenanceGuard.Bench.Prevalence;

/// <summary>
/// Prevalence with the trained detector (models/detector-default.json) on labelled mixtures from dev.jsonl. Every text's
/// log-likelihood ratio is out-of-fold: the model card's own grouped 5-fold cross-validation (same options, same folds,
/// Platt calibration on the out-of-fold scores) is re-run, so no text is scored by a model that saw its prompt group.
/// For each draw the prompt groups are split at random into a calibration half (TPR/FPR at the model's threshold) and an
/// estimation half (the mixture's texts, drawn with replacement), so rates are never measured on the texts estimated.
/// At the model's threshold the same draws are also estimated by the score mixture (<see cref="MixturePrevalenceEstimator"/>:
/// class LLR densities from the calibration half, every mixture text's LLR), seeded alike.
/// </summary>
public static class TrainedDetectorPrevalenceBench
{
    private static readonly double[] Shares = [0.01, 0.05, 0.20, 0.50];

    internal sealed record Text(string Group, bool Machine, double Llr);

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
        Measure(texts, detector.ThresholdLlr, "model threshold (1% FPR)", draws, n, withMixture: true);
        foreach (var target in extraFprTargets)
            Measure(texts, ScoreMetrics.ThresholdForFpr(human, target), string.Create(CultureInfo.InvariantCulture, $"threshold at {target:P0} out-of-fold FPR"), draws, n, withMixture: false);
    }

    private static void Measure(List<Text> texts, double threshold, string label, int draws, int n, bool withMixture)
    {
        var groups = texts.GroupBy(t => t.Group, StringComparer.Ordinal).Select(g => g.ToArray()).OrderBy(g => g[0].Group, StringComparer.Ordinal).ToArray();
        var plain = new PrevalenceEstimator();
        var clustered = new ClusteredPrevalenceEstimator();
        var mixture = new MixturePrevalenceEstimator();
        var bins = LlrBins.Default;
        Console.WriteLine();
        Console.WriteLine($"{label}: binomial interval (PrevalenceEstimator) | cluster-aware interval (ClusteredPrevalenceEstimator, calibration and mixture resampled by prompt group)");
        Console.WriteLine("| true share | mean estimate | coverage (binomial) | coverage (cluster) | within 2 points | mean abs error | width (binomial) | width (cluster) | mean cal. TPR | mean cal. FPR | quota bound >= truth |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|");
        var mixtureRows = new List<string>();
        var quotaRows = new List<string>();
        foreach (var share in Shares)
        {
            var world = new Random(300 + (int)(share * 1000));
            var draw = new List<Draw>(draws);
            for (var d = 0; d < draws; d++)
            {
                var order = groups.OrderBy(_ => world.Next()).ToArray();
                var calibrationGroups = order[..(order.Length / 2)];
                var estimation = order[(order.Length / 2)..].SelectMany(g => g).ToArray();
                var calibration = calibrationGroups.Select(g => new CalibrationGroup(
                    g.Count(t => t.Machine), g.Count(t => t.Machine && t.Llr > threshold), g.Count(t => !t.Machine), g.Count(t => !t.Machine && t.Llr > threshold))).ToList();
                var scoreCalibration = withMixture ? ScoreCalibrationGroup.FromScores(calibrationGroups.SelectMany(g => g).Select(t => ((string?)t.Group, t.Machine, t.Llr)), bins) : null;
                var machinePool = estimation.Where(t => t.Machine).ToArray();
                var humanPool = estimation.Where(t => !t.Machine).ToArray();
                var synthetic = (int)Math.Round(share * n);
                // The mixture's clusters: its texts by prompt group and label (a text drawn twice counts twice in its cluster).
                var clusters = new Dictionary<(string, bool), (int N, int Flagged, Dictionary<int, int> Bins)>();
                var flagged = 0;
                var machineBins = new int[bins.Total];
                var humanBins = new int[bins.Total];
                var flaggedTexts = new List<(double Llr, bool Machine)>();
                for (var i = 0; i < n; i++)
                {
                    var text = i < synthetic ? machinePool[world.Next(machinePool.Length)] : humanPool[world.Next(humanPool.Length)];
                    var isFlagged = text.Llr > threshold;
                    if (isFlagged) { flagged++; flaggedTexts.Add((text.Llr, text.Machine)); }
                    (text.Machine ? machineBins : humanBins)[bins.Index(text.Llr)]++;
                    if (!clusters.TryGetValue((text.Group, text.Machine), out var c)) c = (0, 0, []);
                    var bin = bins.Index(text.Llr);
                    c.Bins[bin] = c.Bins.GetValueOrDefault(bin) + 1;
                    clusters[(text.Group, text.Machine)] = (c.N + 1, c.Flagged + (isFlagged ? 1 : 0), c.Bins);
                }
                draw.Add(new Draw((double)synthetic / n, flagged, calibration, scoreCalibration,
                    clusters.Values.Select(c => new FlagCount(c.N, c.Flagged)).ToList(),
                    clusters.Values.Select(c => (IReadOnlyList<BinCount>)c.Bins.OrderBy(kv => kv.Key).Select(kv => new BinCount(kv.Key, kv.Value)).ToArray()).ToList(),
                    machineBins, humanBins, flaggedTexts));
            }
            // The draws are fixed above; the estimates (each seeded by its draw's index, as before) run on both cores.
            var results = new (double Truth, PrevalenceEstimate Plain, PrevalenceEstimate Clustered, DetectorErrorRates Rates, bool BoundCovers, ShareEstimate? Mixture)[draws];
            Parallel.For(0, draws, d =>
            {
                var x = draw[d];
                var rates = CalibrationGroup.Pool(x.Calibration);
                // The curator's quota bound (one-sided 95%, deterministic) on the same mixture and calibration rates.
                var boundCovers = RoganGladenBound.Upper(x.Flagged, n, rates, 1.6448536269514722) >= x.Truth;
                results[d] = (x.Truth, plain.Estimate(n, x.Flagged, rates, new Random(d)), clustered.Estimate(x.Clusters, x.Calibration, new Random(d)), rates, boundCovers,
                    x.ScoreCalibration is null ? null : mixture.Estimate(x.ScoreClusters, x.ScoreCalibration, bins, new Random(d)));
            });
            double Rate(Func<(double Truth, PrevalenceEstimate Plain, PrevalenceEstimate Clustered, DetectorErrorRates Rates, bool BoundCovers, ShareEstimate? Mixture), bool> hit) => results.Count(hit) / (double)results.Length;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {share:P0} | {results.Average(r => r.Plain.Share):0.0000} | {Rate(r => r.Plain.CiLow <= r.Truth && r.Truth <= r.Plain.CiHigh):P1} | " +
                $"{Rate(r => r.Clustered.CiLow <= r.Truth && r.Truth <= r.Clustered.CiHigh):P1} | {Rate(r => Math.Abs(r.Plain.Share - r.Truth) <= 0.02 + 1e-12):P1} | " +
                $"{results.Average(r => Math.Abs(r.Plain.Share - r.Truth)):0.0000} | {results.Average(r => r.Plain.CiHigh - r.Plain.CiLow):0.0000} | " +
                $"{results.Average(r => r.Clustered.CiHigh - r.Clustered.CiLow):0.0000} | {results.Average(r => r.Rates.Tpr):0.0000} | {results.Average(r => r.Rates.Fpr):0.0000} | {Rate(r => r.BoundCovers):P1} |"));
            if (withMixture) quotaRows.AddRange(Quotas(share, draw, threshold, bins, n));
            if (withMixture)
                mixtureRows.Add(string.Create(CultureInfo.InvariantCulture,
                    $"| {share:P0} | {results.Average(r => r.Mixture!.Share):0.0000} | {Rate(r => r.Mixture!.CiLow <= r.Truth && r.Truth <= r.Mixture.CiHigh):P1} | " +
                    $"{Rate(r => Math.Abs(r.Mixture!.Share - r.Truth) <= 0.02 + 1e-12):P1} | {results.Average(r => Math.Abs(r.Mixture!.Share - r.Truth)):0.0000} | " +
                    $"{results.Average(r => r.Mixture!.CiHigh - r.Mixture.CiLow):0.0000} | {Rate(r => r.Mixture!.CiHigh >= r.Truth):P1} |"));
        }
        if (!withMixture) return;
        Console.WriteLine();
        Console.WriteLine("score mixture, same draws: maximum-likelihood weight of the calibration half's kernel-smoothed machine/human LLR densities (MixturePrevalenceEstimator, calibration groups and mixture clusters resampled)");
        Console.WriteLine("| true share | mean estimate | coverage (cluster) | within 2 points | mean abs error | width (cluster) | upper end >= truth |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var row in mixtureRows) Console.WriteLine(row);
        Console.WriteLine();
        Console.WriteLine($"quota at a maximum of {QuotaMax:P0} on the same draws (the first {QuotaDraws} per share; each mixture is one shard window of {n:N0}): what each quotaBasis keeps, and the machine share of what it keeps (known here)");
        Console.WriteLine("| true share | quotaBasis | kept (mean) | humans kept | true kept share (mean) | windows whose kept share <= max | bound >= truth (one-sided 95%, whole window) | ms per window |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach (var row in quotaRows) Console.WriteLine(row);
    }

    private const double QuotaMax = 0.10;
    private const int QuotaDraws = 100;

    /// <summary>
    /// The curator's three quota rules on each window: "flagged" (at most 10% flagged, least machine-like flagged first),
    /// "upperBound" (Rogan-Gladen bound with the calibration half's TPR/FPR) and "mixtureUpperBound" (<see cref="MixtureQuota"/>
    /// calibrated on the calibration half's histograms, seeded by the draw), with the true machine share of what each keeps.
    /// </summary>
    private static IEnumerable<string> Quotas(double share, List<Draw> draws, double threshold, LlrBins bins, int n)
    {
        var count = Math.Min(QuotaDraws, draws.Count);
        var results = new (int Kept, int Humans, int Machine, double Ms)[3][];
        for (var k = 0; k < 3; k++) results[k] = new (int, int, int, double)[count];
        var covers = new bool[count];
        Parallel.For(0, count, d =>
        {
            var x = draws[d];
            var humans = x.HumanBins.Sum();
            var machine = x.MachineBins.Sum();
            var unflagged = n - x.Flagged;
            var flaggedByLlr = x.FlaggedTexts.OrderBy(t => t.Llr).ToList();
            // flagged: keep all unflagged and the allowance of flagged ones, lowest LLR first.
            var byCount = SyntheticAllowance.Allowed(unflagged, x.Flagged, QuotaMax, new CurationPolicy { MaxSyntheticShare = QuotaMax });
            var rates = CalibrationGroup.Pool(x.Calibration);
            var rgPolicy = new CurationPolicy
            {
                MaxSyntheticShare = QuotaMax, QuotaBasis = "upperBound",
                DetectorRates = new MeasuredRates { Tpr = rates.Tpr, Fpr = rates.Fpr, TprSamples = rates.TprSamples, FprSamples = rates.FprSamples },
            };
            var byBound = SyntheticAllowance.Allowed(unflagged, x.Flagged, QuotaMax, rgPolicy);
            var unflaggedMachine = machine - x.FlaggedTexts.Count(t => t.Machine);
            var unflaggedHumans = humans - x.FlaggedTexts.Count(t => !t.Machine);
            (int, int, int, double) Keep(int allowed)
            {
                var keptFlagged = flaggedByLlr.Take(allowed).ToList();
                var keptMachine = unflaggedMachine + keptFlagged.Count(t => t.Machine);
                var keptHumans = unflaggedHumans + keptFlagged.Count(t => !t.Machine);
                return (keptMachine + keptHumans, keptHumans, keptMachine, 0);
            }
            results[0][d] = Keep(byCount);
            results[1][d] = Keep(byBound);

            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var quota = new MixtureQuota(new MixtureUpperBound(new ScoreHistograms(bins, x.ScoreCalibration!), new MixtureOptions { Replicates = MixtureQuota.Replicates, Confidence = 0.95 }, d));
            var window = new int[bins.Total];
            for (var b = 0; b < window.Length; b++) window[b] = x.MachineBins[b] + x.HumanBins[b];
            var cut = quota.Cut(window, QuotaMax);
            var ms = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            int keptM = 0, keptH = 0;
            for (var b = 0; b <= cut; b++) { keptM += x.MachineBins[b]; keptH += x.HumanBins[b]; }
            results[2][d] = (keptM + keptH, keptH, keptM, ms);
            covers[d] = quota.Upper(window) >= x.Truth;
        });
        string[] names = ["flagged", "upperBound (Rogan-Gladen)", "mixtureUpperBound"];
        for (var k = 0; k < 3; k++)
        {
            var r = results[k];
            double KeptShare((int Kept, int Humans, int Machine, double Ms) w) => w.Kept == 0 ? 0 : (double)w.Machine / w.Kept;
            yield return string.Create(CultureInfo.InvariantCulture,
                $"| {share:P0} | {names[k]} | {r.Average(w => w.Kept):0} | {r.Average(w => w.Humans):0} | {r.Average(KeptShare):0.0000} | " +
                $"{r.Count(w => KeptShare(w) <= QuotaMax + 1e-12) / (double)count:P1} | {(k == 2 ? (covers.Count(c => c) / (double)count).ToString("P1", CultureInfo.InvariantCulture) : "-")} | " +
                $"{(k == 2 ? r.Average(w => w.Ms).ToString("0", CultureInfo.InvariantCulture) : "-")} |");
        }
    }

    private sealed record Draw(double Truth, int Flagged, List<CalibrationGroup> Calibration, List<ScoreCalibrationGroup>? ScoreCalibration,
        List<FlagCount> Clusters, List<IReadOnlyList<BinCount>> ScoreClusters, int[] MachineBins, int[] HumanBins, List<(double Llr, bool Machine)> FlaggedTexts);

    /// <summary>Out-of-fold LLRs under the card's own protocol, cached in the temp folder by model and data digest (the CV takes minutes).</summary>
    internal static List<Text> OutOfFold(string data, SignatureDetector detector)
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
