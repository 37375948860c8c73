using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ProvenanceGuard.Bench.Pipeline;

namespace ProvenanceGuard.Bench.ScaleOut;

/// <summary>
/// Speed-up of a partitioned run on this machine: the same corpus run as one process (`provguard run`), and as W
/// concurrent task processes (`provguard run --rank r --world W`) followed by `provguard merge`, the way a Slurm
/// array on one node runs it. Prints medians of the tasks' wall time, the merge's, the total, the speed-up against
/// one process, and each task's peak resident memory; checks that every W wrote the same shards.
/// </summary>
internal static class ScaleOutBench
{
    public static int Run(string[] args)
    {
        var size = double.Parse(Option(args, "--size", "0.15"), CultureInfo.InvariantCulture);
        var worlds = Option(args, "--worlds", "1,2,4").Split(',').Select(int.Parse).ToArray();
        var repeat = int.Parse(Option(args, "--repeat", "3"));
        var splitMegabytes = int.Parse(Option(args, "--split-mb", "8"));
        // 0: each process tags on one worker per core (the pipeline default); 1 shows how processes alone scale.
        var workers = int.Parse(Option(args, "--workers", "0"));
        var folder = Option(args, "--dir", Path.Combine(Path.GetTempPath(), "provguard-bench"));
        var cli = Path.Combine(AppContext.BaseDirectory, "provguard.dll");
        var pipeline = ProjectPaths.Require("bench/pipelines/throughput.json", "bench pipeline");

        var corpus = BenchCorpus.Ensure(folder, size);
        var bytes = new FileInfo(corpus).Length;
        var common = new[] { pipeline, "--input", corpus, "--set", $"executor:splitBytes={splitMegabytes << 20}", "--set", $"executor:workers={workers}", "--json" };
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores; corpus {bytes / 1e6:N0} MB in {splitMegabytes} MB splits; tagging workers per process: {(workers == 0 ? "one per core" : workers)}; rounds (every world once each): {repeat}; " +
                          $"load average before: {MachineLoad.Averages()}");
        var release = Path.Combine(folder, "release-scale-out");
        Console.WriteLine($"one process's fixed cost (start, load the detector, 100 records): {StartUpSeconds(cli, common, corpus, folder, release, repeat):0.00} s");
        var runs = worlds.ToDictionary(w => w, _ => new List<(double Tasks, double Merge, double TaskPeak, double MergePeak)>());
        string? reference = null;
        // Rounds, each running every world once: load from other work drifts, and this way it drifts over all worlds alike.
        for (var i = 0; i < repeat; i++)
        {
            foreach (var world in worlds)
            {
                if (Directory.Exists(release)) Directory.Delete(release, recursive: true);
                runs[world].Add(world == 1 ? RunSingle(cli, common, release) : RunPartitioned(cli, common, release, world));
                var shards = ShardDigests(release);
                reference ??= shards;
                if (shards != reference) throw new InvalidOperationException($"world {world}: the shards differ from the first run's");
            }
        }
        var rows = worlds.Select(w => (World: w, Tasks: Median(runs[w].Select(r => r.Tasks)), Merge: Median(runs[w].Select(r => r.Merge)),
            Total: Median(runs[w].Select(r => r.Tasks + r.Merge)), TaskPeak: Median(runs[w].Select(r => r.TaskPeak)),
            MergePeak: Median(runs[w].Select(r => r.MergePeak)))).ToList();
        var baseline = rows.FirstOrDefault(r => r.World == 1).Total;
        Console.WriteLine("| tasks | tasks wall s | merge s | total s | MB/s | speed-up vs 1 task | peak RSS per task (largest) | merge peak RSS |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach (var r in rows)
            Console.WriteLine($"| {r.World} | {r.Tasks:0.00} | {(r.World == 1 ? "-" : r.Merge.ToString("0.00"))} | {r.Total:0.00} | {bytes / 1e6 / r.Total:N1} | " +
                              $"{(baseline > 0 ? (baseline / r.Total).ToString("0.00") + "x" : "-")} | {r.TaskPeak / 1e6:N0} MB | {(r.World == 1 ? "-" : $"{r.MergePeak / 1e6:N0} MB")} |");
        Console.WriteLine($"load average after: {MachineLoad.Averages()}; every run wrote the same shards");
        return 0;
    }

    /// <summary>Median wall time of `provguard run` on the corpus's first 100 records: what every extra task pays again.</summary>
    private static double StartUpSeconds(string cli, string[] common, string corpus, string folder, string release, int repeat)
    {
        var tiny = Path.Combine(folder, "scale-out-100-records.jsonl");
        File.WriteAllLines(tiny, File.ReadLines(corpus).Take(100));
        var arguments = common.ToArray();
        arguments[Array.IndexOf(arguments, corpus)] = tiny;
        var seconds = new List<double>();
        for (var i = 0; i < repeat; i++)
        {
            if (Directory.Exists(release)) Directory.Delete(release, recursive: true);
            seconds.Add(RunSingle(cli, arguments, release).Item1);
        }
        return Median(seconds);
    }

    /// <summary>One process, no tasks: the streaming single pass.</summary>
    private static (double, double, double, double) RunSingle(string cli, string[] common, string release)
    {
        var clock = Stopwatch.StartNew();
        var summary = Wait(Start(cli, ["run", .. common, "--out", release]));
        return (clock.Elapsed.TotalSeconds, 0, summary.GetProperty("peakMemoryBytes").GetDouble(), 0);
    }

    /// <summary>W task processes at once (as an array on one node runs them), then the merge.</summary>
    private static (double, double, double, double) RunPartitioned(string cli, string[] common, string release, int world)
    {
        var clock = Stopwatch.StartNew();
        var tasks = Enumerable.Range(0, world)
            .Select(rank => Start(cli, ["run", .. common, "--out", release, "--rank", rank.ToString(), "--world", world.ToString()]))
            .ToList();
        var summaries = tasks.Select(Wait).ToList();
        var taskSeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var merge = Wait(Start(cli, ["merge", release, "--json"]));
        return (taskSeconds, clock.Elapsed.TotalSeconds, summaries.Max(s => s.GetProperty("peakMemoryBytes").GetDouble()),
            merge.GetProperty("peakMemoryBytes").GetDouble());
    }

    private static (Process Process, Task<string> Stdout, Task<string> Stderr, string Command) Start(string cli, string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(cli);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        var process = Process.Start(start)!;
        return (process, process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync(), string.Join(' ', args.Take(2)));
    }

    /// <summary>Waits for the process and returns its --json summary (peakMemoryBytes is its own peak working set, VmHWM).</summary>
    private static JsonElement Wait((Process Process, Task<string> Stdout, Task<string> Stderr, string Command) run)
    {
        using var process = run.Process;
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"provguard {run.Command} failed ({process.ExitCode}): {run.Stderr.Result}");
        return JsonDocument.Parse(run.Stdout.Result).RootElement.Clone();
    }

    /// <summary>The shards' SHA-256s as the manifest lists them, in order.</summary>
    private static string ShardDigests(string release)
    {
        using var manifest = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(release, "manifest.json")));
        return string.Join(",", manifest.RootElement.GetProperty("shards").EnumerateArray().Select(s => s.GetProperty("sha256").GetString()));
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string Option(string[] args, string name, string fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }
}
