using System.Globalization;
using System.Text.Json;
using ProvenanceGuard.Detection.Baseline;
using ProvenanceGuard.Detection.Reference;
using ProvenanceGuard.Provenance.Prevalence;

namespace ProvenanceGuard.Bench.Prevalence;

/// <summary>
/// The prevalence estimate's interval coverage and point error at known synthetic shares of 1, 5, 20 and 50%:
/// (1) simulated detectors (TPR 0.9, FPR 0.05, each measured on 1,000 texts), and (2) labelled mixtures from
/// ../shared/data/detect/dev.jsonl flagged by the baseline detector (p_machine >= 0.5), its TPR/FPR measured on
/// the prompt groups of one half and the mixtures drawn (with replacement) from the other half.
/// (3) the same with the trained detector: see <see cref="TrainedDetectorPrevalenceBench"/>.
/// Usage: bench prevalence [--draws N] [--trained-draws N] [--n RECORDS] [--data dev.jsonl]; with --decompose, only
/// <see cref="PointErrorDecomposition"/> (where the score mixture's point error comes from); with --quota-speed [--windows N]
/// [--rows R], only <see cref="MixtureQuotaSpeed"/> (CPU time of the curator's mixture quota per window); with --lengths, only
/// <see cref="LengthShiftBench"/> (the estimate when the corpus's texts are shorter or longer than the training texts).
/// </summary>
public static class PrevalenceBench
{
    private static readonly double[] Shares = [0.01, 0.05, 0.20, 0.50];

    /// <summary>The labelled dev file (--data, or ../shared found upwards); null, after saying the bench is skipped, when absent.</summary>
    private static string? DevData(string[] args, string bench)
    {
        var devData = Value(args, "--data") ?? ProjectPaths.Find("../shared/data/detect/dev.jsonl");
        if (devData is not null && File.Exists(devData)) return devData;
        Console.WriteLine($"{bench} skipped: ../shared/data/detect/dev.jsonl not found (pass --data FILE)");
        return null;
    }

    public static int Run(string[] args)
    {
        var draws = (int)Number(args, "--draws", 500);
        var n = (int)Number(args, "--n", 5000);
        if (args.Contains("--quota-speed"))
        {
            MixtureQuotaSpeed.Run((int)Number(args, "--windows", 20), (int)Number(args, "--rows", 1000));
            return 0;
        }
        if (args.Contains("--lengths"))
        {
            if (DevData(args, "--lengths") is { } devData) LengthShiftBench.Run(devData, (int)Number(args, "--draws", 100), n);
            return 0;
        }
        if (args.Contains("--decompose"))
        {
            if (DevData(args, "--decompose") is { } devData) PointErrorDecomposition.Run(devData, (int)Number(args, "--trained-draws", 400), n);
            return 0;
        }
        var estimator = new PrevalenceEstimator();

        Console.WriteLine($"(1) simulated detector TPR 0.9, FPR 0.05 measured on 1,000 + 1,000 texts; {draws} mixtures of {n:N0} records per share");
        Header();
        foreach (var share in Shares)
        {
            var world = new Random(100 + (int)(share * 1000));
            Report(share, Enumerable.Range(0, draws).Select(d =>
            {
                var rates = new DetectorErrorRates(BinomialDraw.Sample(world, 1000, 0.9) / 1000.0, BinomialDraw.Sample(world, 1000, 0.05) / 1000.0, 1000, 1000);
                var synthetic = BinomialDraw.Sample(world, n, share);
                var flagged = BinomialDraw.Sample(world, synthetic, 0.9) + BinomialDraw.Sample(world, n - synthetic, 0.05);
                return estimator.Estimate(n, flagged, rates, new Random(d));
            }).ToList());
        }

        var data = Value(args, "--data") ?? ProjectPaths.Find("../shared/data/detect/dev.jsonl");
        if (data is null || !File.Exists(data))
        {
            Console.WriteLine("(2) skipped: ../shared/data/detect/dev.jsonl not found (pass --data FILE)");
            return 0;
        }
        var detector = UnigramSurprisalBaseline.Load(ProjectPaths.Require("models/baseline-unigram-surprisal.json", "model"), UnigramReference.FromBrown(BrownCorpus.Open()));
        var records = File.ReadLines(data).Where(l => !string.IsNullOrWhiteSpace(l)).Select(l => JsonDocument.Parse(l).RootElement)
            .Select(r => (Machine: r.GetProperty("label").GetString() == "machine",
                          Group: r.TryGetProperty("group", out var g) ? g.GetString() ?? "" : "",
                          Score: detector.Score(r.GetProperty("text").GetString() ?? "")))
            .Where(r => !r.Score.TooShort)
            .Select(r => (r.Machine, Calibration: (StableHash(r.Group) & 1) == 0, Flagged: r.Score.PMachine >= 0.5))
            .ToList();
        var calibration = records.Where(r => r.Calibration).ToList();
        var machineCal = calibration.Where(r => r.Machine).ToList();
        var humanCal = calibration.Where(r => !r.Machine).ToList();
        var rates = new DetectorErrorRates(machineCal.Average(r => r.Flagged ? 1.0 : 0.0), humanCal.Average(r => r.Flagged ? 1.0 : 0.0), machineCal.Count, humanCal.Count);
        var machinePool = records.Where(r => !r.Calibration && r.Machine).Select(r => r.Flagged).ToArray();
        var humanPool = records.Where(r => !r.Calibration && !r.Machine).Select(r => r.Flagged).ToArray();
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"(2) {data}: baseline detector at p_machine >= 0.5, TPR {rates.Tpr:0.000} (n {rates.TprSamples}), FPR {rates.Fpr:0.000} (n {rates.FprSamples}) on the calibration half; " +
            $"mixtures drawn from the other half ({machinePool.Length} machine, {humanPool.Length} human texts, pool TPR {machinePool.Average(f => f ? 1.0 : 0.0):0.000}, FPR {humanPool.Average(f => f ? 1.0 : 0.0):0.000}); {draws} mixtures of {n:N0} per share"));
        Header();
        foreach (var share in Shares)
        {
            var random = new Random(200 + (int)(share * 1000));
            Report(share, Enumerable.Range(0, draws).Select(d =>
            {
                var synthetic = (int)Math.Round(share * n);
                var flagged = 0;
                for (var i = 0; i < synthetic; i++) if (machinePool[random.Next(machinePool.Length)]) flagged++;
                for (var i = synthetic; i < n; i++) if (humanPool[random.Next(humanPool.Length)]) flagged++;
                return estimator.Estimate(n, flagged, rates, new Random(d));
            }).ToList());
        }

        TrainedDetectorPrevalenceBench.Run(data, (int)Number(args, "--trained-draws", 400), n, [0.05, 0.20]);
        return 0;
    }

    private static void Header()
    {
        Console.WriteLine("| true share | mean estimate | coverage of 95% interval | within 2 points | mean abs error | mean interval width |");
        Console.WriteLine("|---|---|---|---|---|---|");
    }

    private static void Report(double truth, List<PrevalenceEstimate> estimates) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {truth:P0} | {estimates.Average(e => e.Share):0.0000} | {estimates.Count(e => e.CiLow <= truth && truth <= e.CiHigh) / (double)estimates.Count:P1} | " +
            $"{estimates.Count(e => Math.Abs(e.Share - truth) <= 0.02) / (double)estimates.Count:P1} | {estimates.Average(e => Math.Abs(e.Share - truth)):0.0000} | {estimates.Average(e => e.CiHigh - e.CiLow):0.0000} |"));

    private static uint StableHash(string s)
    {
        var h = 2166136261u;
        foreach (var c in s) h = (h ^ c) * 16777619u;
        return h;
    }

    private static string? Value(string[] args, string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

    private static double Number(string[] args, string name, double fallback) =>
        Value(args, name) is { } v ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;
}
