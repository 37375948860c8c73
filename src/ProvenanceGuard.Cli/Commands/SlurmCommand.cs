using System.CommandLine;
using System.Diagnostics;
using System.Text;
using ProvenanceGuard.Pipeline;

namespace ProvenanceGuard.Cli.Commands;

/// <summary>
/// <c>provguard slurm submit PIPELINE --tasks N</c>: writes an sbatch array script (task i runs
/// <c>provguard run --rank i --world N</c>) and a merge script, and submits the merge with an afterok dependency on the
/// array. Resubmitting is safe: a task whose completion marker exists finishes at once, and a killed task redoes at
/// most the split it was in. <c>--dry-run</c> prints the scripts instead.
/// </summary>
internal static class SlurmCommand
{
    public static Command Create()
    {
        var pipeline = new Argument<string>("pipeline") { Description = "Pipeline file (pipelines/*.json)" };
        var tasks = new Option<int>("--tasks", "-n") { Description = "Number of array tasks (the run's world size)", Required = true };
        var partition = new Option<string?>("--partition", "-p") { Description = "Slurm partition for the tasks and the merge" };
        var output = new Option<string?>("--out", "-o") { Description = "Release folder (default: the pipeline's output.directory, else out/<pipeline name>)" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the two scripts; write and submit nothing" };
        var submit = new Command("submit", "Write and submit an sbatch array of N tasks and a dependent merge job") { pipeline, tasks, partition, output, dryRun };
        submit.SetAction((parse, cancellation) => CliHost.Guard(() =>
        {
            var count = parse.GetValue(tasks);
            if (count is < 1 or > 100_000) throw new ConfigurationException($"--tasks {count}: must be in [1, 100000]");
            if (parse.GetValue(partition) is { } p && !System.Text.RegularExpressions.Regex.IsMatch(p, "^[A-Za-z0-9._,-]+$"))
                throw new ConfigurationException($"--partition {p}: expected a partition name (letters, digits, . _ - and commas)");
            var loaded = PipelineLoader.Load(parse.GetValue(pipeline)!, commandLine: new Dictionary<string, string?>());
            var directory = Path.GetFullPath(parse.GetValue(output) ?? loaded.Definition.Output.Directory ?? Path.Combine("out", loaded.Definition.Name));
            var job = new SlurmJob(loaded.Definition.Name, loaded.PipelinePath!, directory, count, parse.GetValue(partition), ProvguardCommandLine());
            if (parse.GetValue(dryRun))
            {
                Console.Out.Write($"# {SlurmJob.TasksFile}\n{job.TasksScript()}\n# {SlurmJob.MergeFile}\n{job.MergeScript()}");
                return Task.FromResult(ExitCodes.Ok);
            }
            return Task.FromResult(Submit(job));
        }));
        return new Command("slurm", "Run a pipeline as a Slurm job array") { submit };
    }

    private static int Submit(SlurmJob job)
    {
        var folder = Path.Combine(job.ReleaseDirectory, "slurm");
        Directory.CreateDirectory(folder);
        var tasks = Path.Combine(folder, SlurmJob.TasksFile);
        var merge = Path.Combine(folder, SlurmJob.MergeFile);
        File.WriteAllText(tasks, job.TasksScript());
        File.WriteAllText(merge, job.MergeScript());
        var arrayId = Sbatch(tasks);
        var mergeId = Sbatch(merge, $"--dependency=afterok:{arrayId}");
        Console.Out.WriteLine($"submitted array job {arrayId} ({job.Tasks} tasks) and merge job {mergeId}; scripts in {folder}");
        return ExitCodes.Ok;
    }

    private static string Sbatch(string script, params string[] options)
    {
        var start = new ProcessStartInfo("sbatch") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("--parsable");
        foreach (var option in options) start.ArgumentList.Add(option);
        start.ArgumentList.Add(script);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new ConfigurationException($"cannot run sbatch ({e.Message}); is this a Slurm login node? (--dry-run prints the scripts)");
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEnd();
            var stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0) throw new ConfigurationException($"sbatch {script} failed ({process.ExitCode}): {stderr.Trim()}");
            // --parsable prints "jobid" or "jobid;cluster".
            return stdout.Trim().Split(';')[0];
        }
    }

    /// <summary>How this very program is started again on the compute nodes: the apphost, or dotnet with the dll.</summary>
    private static string ProvguardCommandLine()
    {
        var process = Environment.ProcessPath ?? "provguard";
        var dll = typeof(SlurmCommand).Assembly.Location;
        return Path.GetFileNameWithoutExtension(process) == "dotnet" ? $"{SlurmJob.Quote(process)} {SlurmJob.Quote(dll)}" : SlurmJob.Quote(process);
    }
}

/// <summary>The two sbatch scripts of a partitioned run: the task array and the merge that depends on it.</summary>
internal sealed record SlurmJob(string Name, string PipelinePath, string ReleaseDirectory, int Tasks, string? Partition, string Provguard)
{
    public const string TasksFile = "tasks.sbatch";
    public const string MergeFile = "merge.sbatch";

    public string TasksScript()
    {
        var script = Header($"provguard-{Name}", $"{OutputPattern(ReleaseDirectory)}/slurm/task-%A_%a.log");
        script.Append($"#SBATCH --array=0-{Tasks - 1}\n\n");
        script.Append("set -euo pipefail\n");
        script.Append("# A task whose _SUCCESS marker exists returns at once, so resubmitting after a failure redoes only the unfinished tasks.\n");
        script.Append($"exec {Provguard} run {Quote(PipelinePath)} --out {Quote(ReleaseDirectory)} --rank \"$SLURM_ARRAY_TASK_ID\" --world {Tasks}\n");
        return script.ToString();
    }

    public string MergeScript()
    {
        var script = Header($"provguard-{Name}-merge", $"{OutputPattern(ReleaseDirectory)}/slurm/merge-%j.log");
        // Once a task fails, afterok can never hold: Slurm cancels this merge instead of leaving it pending for ever
        // beside the resubmitted one.
        script.Append("#SBATCH --kill-on-invalid-dep=yes\n");
        script.Append("\nset -euo pipefail\n");
        script.Append($"exec {Provguard} merge {Quote(ReleaseDirectory)}\n");
        return script.ToString();
    }

    private StringBuilder Header(string jobName, string log)
    {
        var script = new StringBuilder("#!/bin/bash\n");
        script.Append($"#SBATCH --job-name={jobName}\n");
        script.Append($"#SBATCH --output={log}\n");
        if (!string.IsNullOrWhiteSpace(Partition)) script.Append($"#SBATCH --partition={Partition}\n");
        return script;
    }

    /// <summary>A folder inside sbatch's --output pattern, where % starts a replacement symbol (%A, %j) and %% is a literal %.</summary>
    private static string OutputPattern(string folder) => folder.Replace("%", "%%");

    /// <summary>Single-quotes a word for bash.</summary>
    public static string Quote(string word) => "'" + word.Replace("'", "'\\''") + "'";
}
