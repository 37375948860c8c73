using ProvenanceGuard.Cli.Commands;
using ProvenanceGuard.Tests.Support;

namespace ProvenanceGuard.Tests.Cli.Slurm;

/// <summary>provguard slurm submit writes an sbatch array of `run --rank i --world N` tasks and a merge that waits for them.</summary>
public class SlurmCommandTests
{
    private static readonly SlurmJob Job = new("crawl", "/data/pipelines/crawl's.json", "/scratch/release", 4, "cpu", "'/opt/provguard/provguard'");

    [Fact]
    public void The_array_script_runs_one_rank_per_task_into_the_shared_release()
    {
        Assert.Equal("""
            #!/bin/bash
            #SBATCH --job-name=provguard-crawl
            #SBATCH --output=/scratch/release/slurm/task-%A_%a.log
            #SBATCH --partition=cpu
            #SBATCH --array=0-3

            set -euo pipefail
            # A task whose _SUCCESS marker exists returns at once, so resubmitting after a failure redoes only the unfinished tasks.
            exec '/opt/provguard/provguard' run '/data/pipelines/crawl'\''s.json' --out '/scratch/release' --rank "$SLURM_ARRAY_TASK_ID" --world 4

            """.ReplaceLineEndings("\n"), Job.TasksScript());
    }

    [Fact]
    public void The_merge_script_merges_the_release_and_names_no_partition_when_none_is_given()
    {
        Assert.Equal("""
            #!/bin/bash
            #SBATCH --job-name=provguard-crawl-merge
            #SBATCH --output=/scratch/release/slurm/merge-%j.log
            #SBATCH --kill-on-invalid-dep=yes

            set -euo pipefail
            exec '/opt/provguard/provguard' merge '/scratch/release'

            """.ReplaceLineEndings("\n"), (Job with { Partition = null }).MergeScript());
    }

    [Fact]
    public void A_percent_sign_in_the_release_folder_stays_literal_in_the_job_output_paths()
    {
        var job = Job with { ReleaseDirectory = "/scratch/100%/release" };

        Assert.Contains("#SBATCH --output=/scratch/100%%/release/slurm/task-%A_%a.log\n", job.TasksScript());
        Assert.Contains("#SBATCH --output=/scratch/100%%/release/slurm/merge-%j.log\n", job.MergeScript());
        Assert.Contains("--out '/scratch/100%/release' --rank", job.TasksScript());
    }

    [Fact]
    public void Dry_run_prints_both_scripts_for_the_pipeline_and_submits_nothing()
    {
        using var temp = new TempFolder();
        temp.Write("in.jsonl", "{\"id\": \"a\", \"text\": \"some words here\"}\n");
        var pipeline = temp.Write("p.json", """{ "name": "slurmy", "sources": [ { "name": "in", "path": "in.jsonl" } ], "steps": [ { "type": "normalize" } ] }""");

        var outcome = CliProcess.Run(temp.Path, "slurm", "submit", pipeline, "--tasks", "3", "--partition", "short", "--out", "rel", "--dry-run");

        Assert.Equal(0, outcome.ExitCode);
        var release = Path.Combine(temp.Path, "rel");
        Assert.Contains("# tasks.sbatch\n#!/bin/bash\n#SBATCH --job-name=provguard-slurmy\n", outcome.Stdout);
        Assert.Contains("#SBATCH --array=0-2\n", outcome.Stdout);
        Assert.Contains("#SBATCH --partition=short\n", outcome.Stdout);
        Assert.Contains($"run '{pipeline}' --out '{release}' --rank \"$SLURM_ARRAY_TASK_ID\" --world 3\n", outcome.Stdout);
        Assert.Contains($"# merge.sbatch\n#!/bin/bash\n#SBATCH --job-name=provguard-slurmy-merge\n", outcome.Stdout);
        Assert.Contains($"merge '{release}'\n", outcome.Stdout);
        Assert.Contains("provguard.dll' run", outcome.Stdout);
        Assert.False(Directory.Exists(release));
    }

    [Fact]
    public void Without_sbatch_submitting_is_a_clear_usage_error()
    {
        using var temp = new TempFolder();
        temp.Write("in.jsonl", "{\"id\": \"a\", \"text\": \"some words here\"}\n");
        var pipeline = temp.Write("p.json", """{ "name": "slurmy", "sources": [ { "name": "in", "path": "in.jsonl" } ], "steps": [] }""");

        var outcome = CliProcess.Run(temp.Path, new Dictionary<string, string> { ["PATH"] = "/nonexistent" }, "slurm", "submit", pipeline, "--tasks", "2");

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("cannot run sbatch", outcome.Stderr);
    }

    [Fact]
    public void A_partition_that_is_not_a_name_is_refused()
    {
        var outcome = CliProcess.Run(Path.GetTempPath(), "slurm", "submit", "p.json", "--tasks", "2", "--partition", "a\n#SBATCH --x", "--dry-run");

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("--partition", outcome.Stderr);
    }
}
