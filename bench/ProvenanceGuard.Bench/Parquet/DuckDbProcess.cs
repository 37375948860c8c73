using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace ProvenanceGuard.Bench.Parquet;

/// <summary>Runs a batch of DuckDB statements through tests/oracle/duckdb-run.mjs and returns the per-job wall times.</summary>
internal static class DuckDbProcess
{
    public sealed record Job(string Sql, string? Out = null, bool Timing = false);

    public static Dictionary<int, double> Run(string repositoryRoot, IReadOnlyList<Job> jobs, string workDirectory)
    {
        var oracle = Path.Combine(repositoryRoot, "tests", "oracle");
        if (!Directory.Exists(Path.Combine(oracle, "node_modules", "@duckdb", "node-api")))
            throw new InvalidOperationException("DuckDB is not installed: run `npm ci --prefix tests/oracle`");
        var jobFile = Path.Combine(workDirectory, "duckdb-jobs.json");
        File.WriteAllText(jobFile, JsonSerializer.Serialize(jobs.Select(j => new { sql = j.Sql, @out = j.Out, timing = j.Timing })));
        var start = new ProcessStartInfo("node", [Path.Combine(oracle, "duckdb-run.mjs"), jobFile])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = oracle,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException("DuckDB failed: " + stderr.Result);
        return stdout.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split('\t'))
            .ToDictionary(p => int.Parse(p[0], CultureInfo.InvariantCulture), p => double.Parse(p[1], CultureInfo.InvariantCulture));
    }

    public static string Quote(string path) => "'" + path.Replace("'", "''") + "'";
}
