using System.Diagnostics;
using System.Text;
using ProvenanceGuard.Tests.Support;

namespace ProvenanceGuard.Tests.Cli.Slurm;

/// <summary>
/// The test cluster's own commands (squeue, scontrol, scancel) run against the slurm.conf in PROVGUARD_TEST_SLURM,
/// and the polling the integration test needs: Slurm is asynchronous, so every wait has a deadline and a failure
/// message that carries the queue and the jobs' output.
/// </summary>
public sealed class SlurmCluster(string configuration)
{
    public static SlurmCluster FromEnvironment() => new(Environment.GetEnvironmentVariable(SlurmFactAttribute.Variable)!);

    /// <summary>What child processes need to talk to this cluster (sbatch, inside provguard slurm submit).</summary>
    public IReadOnlyDictionary<string, string> ClientEnvironment { get; } = new Dictionary<string, string> { ["SLURM_CONF"] = configuration };

    /// <summary>The jobs still queued or running of these ids, as "id state" lines (array tasks as id_task).</summary>
    public string Queue(params string[] jobIds) => Command("squeue", "-h", "-j", string.Join(',', jobIds), "-o", "%i %T");

    /// <summary>Slurm's record of a job (an array job lists every task): one line per job, key=value words.</summary>
    public string Show(string jobId) => Command("scontrol", "-o", "show", "job", jobId);

    /// <summary>The JobState of a finished or running job, from <see cref="Show"/>.</summary>
    public string State(string jobId) =>
        Show(jobId).Split(' ', StringSplitOptions.RemoveEmptyEntries).First(w => w.StartsWith("JobState=", StringComparison.Ordinal))["JobState=".Length..];

    public void Cancel(params string[] jobIds) => Command("scancel", jobIds);

    /// <summary>Cancels without failing: for clean-up after a test that may have failed half-way.</summary>
    public void CancelQuietly(IEnumerable<string> jobIds)
    {
        var ids = jobIds.ToArray();
        if (ids.Length == 0) return;
        try { Cancel(ids); } catch (InvalidOperationException) { }
    }

    /// <summary>Polls <paramref name="condition"/> every half second; past the deadline, fails with <paramref name="diagnostics"/>.</summary>
    public static void WaitFor(string what, Func<bool> condition, TimeSpan timeout, Func<string> diagnostics)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout) Assert.Fail($"timed out after {timeout.TotalSeconds:0} s waiting for {what}\n{diagnostics()}");
            Thread.Sleep(500);
        }
    }

    private string Command(string program, params string[] args)
    {
        var outcome = CliProcess.RunProgram(program, args, workingDirectory: null, ClientEnvironment, TimeSpan.FromSeconds(30));
        if (outcome.ExitCode != 0) throw new InvalidOperationException($"{program} {string.Join(' ', args)} failed ({outcome.ExitCode}): {outcome.Stderr.Trim()}");
        return outcome.Stdout;
    }

    /// <summary>The tail of every job output file in a release's slurm/ folder, for failure messages.</summary>
    public static string JobOutputs(string release)
    {
        var folder = Path.Combine(release, "slurm");
        if (!Directory.Exists(folder)) return $"(no {folder})";
        var text = new StringBuilder();
        foreach (var log in Directory.GetFiles(folder, "*.log").Order(StringComparer.Ordinal))
        {
            var content = File.ReadAllText(log);
            text.Append($"--- {Path.GetFileName(log)}\n{(content.Length > 3000 ? "…" + content[^3000..] : content)}\n");
        }
        return text.ToString();
    }
}
