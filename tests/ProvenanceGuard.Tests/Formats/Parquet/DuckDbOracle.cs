using System.Diagnostics;
using System.Text.Json;
using Xunit;

namespace ProvenanceGuard.Tests.Formats.Parquet;

/// <summary>
/// DuckDB (npm @duckdb/node-api, pinned in tests/oracle) run through node: the independent Parquet implementation the
/// codec is checked against. Jobs are batched so a test class costs one or two node processes.
/// </summary>
public static class DuckDbOracle
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();
    public static string OracleDirectory => Path.Combine(RepositoryRoot, "tests", "oracle");
    public static bool IsAvailable => Directory.Exists(Path.Combine(OracleDirectory, "node_modules", "@duckdb", "node-api"));
    public const string MissingMessage = "DuckDB oracle not installed: run `npm ci --prefix tests/oracle` (tests/oracle/node_modules is missing)";

    /// <summary>One DuckDB statement; when <paramref name="Out"/> is set its rows are written there as JSON lines.</summary>
    public sealed record Job(string Sql, string? Out = null, bool Timing = false);

    /// <summary>Runs the jobs in one node process; returns the timings printed for jobs that asked for them (ms).</summary>
    public static IReadOnlyDictionary<int, double> Run(IReadOnlyList<Job> jobs, string workDirectory)
    {
        var jobFile = Path.Combine(workDirectory, $"duckdb-jobs-{Guid.NewGuid():N}.json");
        File.WriteAllText(jobFile, JsonSerializer.Serialize(jobs.Select(j => new { sql = j.Sql, @out = j.Out, timing = j.Timing })));
        var start = new ProcessStartInfo("node", [Path.Combine(OracleDirectory, "duckdb-run.mjs"), jobFile])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = OracleDirectory,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start node");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(10))) { process.Kill(true); throw new TimeoutException("DuckDB oracle timed out"); }
        if (process.ExitCode != 0) throw new InvalidOperationException($"DuckDB oracle failed ({process.ExitCode}): {stderr.Result}");
        var timings = new Dictionary<int, double>();
        foreach (var line in stdout.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split('\t');
            if (parts.Length == 2) timings[int.Parse(parts[0])] = double.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
        }
        return timings;
    }

    /// <summary>Reads a JSON-lines result file written by a job.</summary>
    public static List<JsonElement> ReadRows(string path) =>
        File.ReadLines(path).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();

    public static string Quote(string path) => "'" + path.Replace("'", "''") + "'";

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ProvenanceGuard.sln"))) return dir.FullName;
        throw new InvalidOperationException("repository root (ProvenanceGuard.sln) not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>A fact that needs the DuckDB oracle; skipped with the install hint when it is missing.</summary>
public sealed class OracleFactAttribute : FactAttribute
{
    public OracleFactAttribute()
    {
        if (!DuckDbOracle.IsAvailable) Skip = DuckDbOracle.MissingMessage;
    }
}

/// <summary>A scratch directory deleted when the test ends.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "pg-parquet-" + Guid.NewGuid().ToString("N"));

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
