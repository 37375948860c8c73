using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using ProvenanceGuard.Curation;
using ProvenanceGuard.Provenance.Prevalence;

namespace ProvenanceGuard.Bench.Prevalence;

/// <summary>
/// CPU time of the curator's mixture quota (<see cref="MixtureQuota.Cut"/>) per shard window, on windows drawn from the
/// default model card's own pooled out-of-fold LLR histograms at machine shares from 1% to 83% (dev's own share), maximum
/// 10%, calibrated on that card as a pipeline would be; plus the once-per-run calibration replicates. CPU time of the
/// process, so the numbers hold on a shared machine; everything runs on one thread.
/// </summary>
internal static class MixtureQuotaSpeed
{
    public static void Run(int windows, int rows)
    {
        var path = ProjectPaths.Require("models/detector-default.json", "model");
        var root = JsonNode.Parse(File.ReadAllBytes(path)) as JsonObject ?? throw new InvalidDataException($"{path}: not a JSON object");
        var histograms = ScoreHistograms.FromModelCard(root["card"] as JsonObject ?? root, path)
            ?? throw new InvalidDataException($"{path}: no operating_point.score_histograms");
        var process = Process.GetCurrentProcess();
        TimeSpan Cpu() { process.Refresh(); return process.TotalProcessorTime; }

        var started = Cpu();
        var quota = new MixtureQuota(new MixtureUpperBound(histograms, new MixtureOptions { Replicates = MixtureQuota.Replicates, Confidence = 0.95 }, 42));
        var firstBuild = Cpu() - started;
        started = Cpu();
        _ = new MixtureUpperBound(histograms, new MixtureOptions { Replicates = MixtureQuota.Replicates, Confidence = 0.95 }, 43);
        var secondBuild = Cpu() - started;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"mixture quota speed, {path}: calibration replicates ({MixtureQuota.Replicates}) {firstBuild.TotalMilliseconds:0} ms CPU the first time (JIT included), {secondBuild.TotalMilliseconds:0} ms again"));

        var machine = new double[quota.Bins.Total];
        var human = new double[quota.Bins.Total];
        foreach (var g in histograms.Groups)
        {
            foreach (var b in g.Machine) machine[b.Bin] += b.Count;
            foreach (var b in g.Human) human[b.Bin] += b.Count;
        }
        var random = new Random(3);
        Console.WriteLine($"| machine share | windows of {rows:N0} | ms CPU per window (Cut) | windows kept whole | mean records kept |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var share in new[] { 0.01, 0.05, 0.20, 0.50, 0.83 })
        {
            var drawn = Enumerable.Range(0, windows).Select(_ =>
            {
                var counts = new int[quota.Bins.Total];
                for (var i = 0; i < rows; i++) counts[Pick(random.NextDouble() < share ? machine : human, random)]++;
                return counts;
            }).ToList();
            quota.Cut(drawn[0], 0.10); // warm-up, not timed
            started = Cpu();
            var cuts = drawn.Select(w => quota.Cut(w, 0.10)).ToList();
            var perWindow = (Cpu() - started).TotalMilliseconds / windows;
            var kept = drawn.Zip(cuts, (w, cut) => w.Take(cut + 1).Sum()).ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {share:P0} | {windows} | {perWindow:0.0} | {cuts.Count(c => c == quota.Bins.Total - 1)} | {kept.Average():0} |"));
        }
    }

    private static int Pick(double[] density, Random random)
    {
        var u = random.NextDouble() * density.Sum();
        for (var b = 0; b < density.Length; b++)
        {
            u -= density[b];
            if (u <= 0) return b;
        }
        return density.Length - 1;
    }
}
