using System.Diagnostics;
using System.Globalization;
using ProvenanceGuard.Simulation;

namespace ProvenanceGuard.Bench.Simulation;

/// <summary>
/// Wall-clock timings of the collapse simulator's two reference workloads (median of several runs):
/// Gaussian, 1,000 chains × 100 generations × 1,000 samples; Zipf over K = 100,000 categories.
/// Usage: bench simulation [--runs N] [--threads T] [--zipf-chains C] [--zipf-samples M] [--zipf-generations G]
/// </summary>
public static class SimulationBench
{
    public static int Run(string[] args)
    {
        var runs = Int(args, "--runs", 3);
        int? threads = args.Contains("--threads") ? Int(args, "--threads", Environment.ProcessorCount) : null;
        var zipfChains = Int(args, "--zipf-chains", 100);
        var zipfSamples = Int(args, "--zipf-samples", 1_000_000);
        var zipfGenerations = Int(args, "--zipf-generations", 100);

        Console.WriteLine($"cores: {Environment.ProcessorCount}, threads: {threads?.ToString(CultureInfo.InvariantCulture) ?? "all"}, runs: {runs}");
        Time("gaussian 1000 chains x 100 generations x 1000 samples (replace)", runs, new SimulationRequest
        {
            Model = "gaussian", Loop = "replace", Chains = 1000, Generations = 100, Samples = 1000, Seed = 1, MaxDegreeOfParallelism = threads,
        });
        Time($"zipf K=100000, {zipfChains} chains x {zipfGenerations} generations x {zipfSamples} samples (replace)", runs, new SimulationRequest
        {
            Model = "zipf", Loop = "replace", Chains = zipfChains, Generations = zipfGenerations, Samples = zipfSamples, Seed = 1, MaxDegreeOfParallelism = threads,
            ModelSettings = new ModelSettings { Categories = 100_000 },
        });
        return 0;
    }

    private static void Time(string name, int runs, SimulationRequest request)
    {
        SimulationRunner.Execute(request with { Chains = 4, Generations = 2 }); // JIT warm-up
        var seconds = new List<double>();
        var cpu = new List<double>();
        var process = Process.GetCurrentProcess();
        for (var i = 0; i < runs; i++)
        {
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            var report = SimulationRunner.Execute(request);
            watch.Stop();
            process.Refresh();
            seconds.Add(watch.Elapsed.TotalSeconds);
            cpu.Add((process.TotalProcessorTime - cpuBefore).TotalSeconds);
            GC.KeepAlive(report);
        }
        seconds.Sort();
        cpu.Sort();
        // CPU seconds show how much of the wall time the machine actually gave us (it is shared).
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: median {seconds[seconds.Count / 2]:F2} s wall over {runs} runs (min {seconds[0]:F2}, max {seconds[^1]:F2}); median CPU {cpu[cpu.Count / 2]:F2} s"));
    }

    private static int Int(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : fallback;
    }
}
