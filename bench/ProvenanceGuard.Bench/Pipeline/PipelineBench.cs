using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using ProvenanceGuard.Bench.Pipeline;

namespace ProvenanceGuard.Bench.Pipeline;

/// <summary>
/// Macro bench of the foundation path (ingest -> normalize -> baseline score -> exact dedup -> quota -> emit):
/// runs the real `provguard run` as a child process on generated corpora of several sizes, several times
/// each, and prints medians of throughput and peak memory next to a reference measured in the same run
/// (reading the corpus and gzip-compressing it on one core, the floor of any pipeline that writes gzip). The child's
/// resident memory is sampled through the run, so a table can show whether it levels off or keeps climbing with the
/// input. `--set KEY=VALUE` (repeatable) passes configuration overrides to every run.
/// </summary>
internal static class PipelineBench
{
    public static int Run(string[] args)
    {
        var sizes = Option(args, "--sizes", "0.25,1").Split(',').Select(double.Parse).ToArray();
        var repeat = int.Parse(Option(args, "--repeat", "3"));
        var folder = Option(args, "--dir", Path.Combine(Path.GetTempPath(), "provguard-bench"));
        var cli = Path.Combine(AppContext.BaseDirectory, "provguard.dll");
        var pipeline = ProjectPaths.Require("bench/pipelines/throughput.json", "bench pipeline");
        var overrides = args.Select((a, i) => (a, i)).Where(p => p.a == "--set" && p.i + 1 < args.Length).Select(p => args[p.i + 1]).ToList();

        Console.WriteLine($"machine: {Environment.ProcessorCount} cores; runs per size: {repeat}; corpus folder: {folder}; overrides: {(overrides.Count == 0 ? "none" : string.Join(" ", overrides))}");
        Console.WriteLine("| corpus | MB/s (median) | MB/s per core | records/s | MB per CPU-second | peak memory | resident memory by quarter of the run (max of each, median run) | reference read+gzip MB/s | pipeline / reference | load average |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var size in sizes)
        {
            var corpus = BenchCorpus.Ensure(folder, size);
            var bytes = new FileInfo(corpus).Length;
            var reference = Median(Enumerable.Range(0, repeat).Select(_ => ReferenceMegabytesPerSecond(corpus)).ToList());
            var runs = new List<JsonElement>();
            var quarters = new List<string>();
            for (var i = 0; i < repeat; i++)
            {
                var release = Path.Combine(folder, $"release-{size:0.##}gb");
                var (summary, resident) = RunCli(cli, pipeline, corpus, release, overrides);
                runs.Add(summary);
                quarters.Add(QuarterMaxima(resident));
            }
            var medianRun = runs.Select((r, i) => (Peak: r.GetProperty("peakMemoryBytes").GetDouble(), i)).OrderBy(p => p.Peak).ElementAt(runs.Count / 2).i;
            var mbps = Median(runs.Select(r => r.GetProperty("megabytesPerSecond").GetDouble()).ToList());
            var rps = Median(runs.Select(r => r.GetProperty("recordsPerSecond").GetDouble()).ToList());
            var peak = Median(runs.Select(r => r.GetProperty("peakMemoryBytes").GetDouble()).ToList());
            var perCpuSecond = Median(runs.Select(r => bytes / 1e6 / r.GetProperty("cpuSeconds").GetDouble()).ToList());
            Console.WriteLine($"| {bytes / 1e9:0.00} GB | {mbps:N1} | {mbps / Environment.ProcessorCount:N1} | {rps:N0} | {perCpuSecond:N1} | {peak / 1e6:N0} MB | {quarters[medianRun]} | {reference:N1} | {mbps / reference:0.00} | {MachineLoad.Averages()} |");
        }
        return 0;
    }

    private static (JsonElement Summary, List<long> ResidentBytes) RunCli(string cli, string pipeline, string corpus, string release, List<string> overrides)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { cli, "run", pipeline, "--input", corpus, "--out", release, "--json" }) start.ArgumentList.Add(arg);
        foreach (var setting in overrides)
        {
            start.ArgumentList.Add("--set");
            start.ArgumentList.Add(setting);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var resident = new List<long>();
        while (!process.WaitForExit(200))
            if (ResidentBytes(process.Id) is { } bytes) resident.Add(bytes);
        if (process.ExitCode != 0) throw new InvalidOperationException($"provguard run failed ({process.ExitCode}): {stderr.Result}");
        return (JsonDocument.Parse(stdout.Result).RootElement.Clone(), resident);
    }

    /// <summary>VmRSS of a running process (Linux); null where /proc is not there or the process has just exited.</summary>
    private static long? ResidentBytes(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? null : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
        }
        catch (IOException) { return null; }
    }

    private static string QuarterMaxima(List<long> samples)
    {
        if (samples.Count < 4) return "(run too short to sample)";
        return string.Join(" / ", Enumerable.Range(0, 4).Select(q => samples.Skip(q * samples.Count / 4).Take((q + 1) * samples.Count / 4 - q * samples.Count / 4).Max() / 1_000_000)) + " MB";
    }

    private static double ReferenceMegabytesPerSecond(string corpus)
    {
        var clock = Stopwatch.StartNew();
        using (var input = File.OpenRead(corpus))
        using (var output = new GZipStream(Stream.Null, CompressionLevel.Fastest))
            input.CopyTo(output, 1 << 20);
        return new FileInfo(corpus).Length / 1e6 / clock.Elapsed.TotalSeconds;
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values.Count % 2 == 1 ? values[values.Count / 2] : (values[values.Count / 2 - 1] + values[values.Count / 2]) / 2;
    }

    private static string Option(string[] args, string name, string fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }
}
