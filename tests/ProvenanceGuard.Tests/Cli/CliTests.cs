using System.Text.Json;
using ProvenanceGuard.Tests.Support;

namespace ProvenanceGuard.Tests.Cli;

/// <summary>The `provguard` program as a user meets it: exit codes, --json summaries, readable errors.</summary>
public class CliTests
{
    [Fact]
    public void Help_lists_the_verbs()
    {
        var outcome = CliProcess.Run(Path.GetTempPath(), "--help");
        Assert.Equal(0, outcome.ExitCode);
        foreach (var verb in new[] { "demo", "run", "merge" }) Assert.Contains(verb, outcome.Stdout);
    }

    [Fact]
    public void Unknown_option_is_a_usage_error_with_exit_code_2()
    {
        var outcome = CliProcess.Run(Path.GetTempPath(), "run", "x.json", "--no-such-option");
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("--no-such-option", outcome.Stderr);
    }

    [Fact]
    public void Invalid_pipeline_exits_2_and_points_at_the_field()
    {
        using var temp = new TempFolder();
        temp.Write("p.json", """{ "name": "x", "sources": [ { "name": "a", "path": "in.jsonl" } ], "steps": [], "policy": { "maxSyntheticShare": 2 } }""");
        var outcome = CliProcess.Run(temp.Path, "run", "p.json");
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("/policy/maxSyntheticShare", outcome.Stderr);
        Assert.DoesNotContain("   at ", outcome.Stderr); // no stack trace
    }

    [Fact]
    public void Merge_before_the_tasks_ran_is_a_usage_error()
    {
        using var temp = new TempFolder();
        var outcome = CliProcess.Run(temp.Path, "merge", temp.Path);
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("no task plan", outcome.Stderr);
    }

    [BrownFact]
    public void Run_with_json_prints_the_documented_summary_and_input_replaces_sources()
    {
        using var temp = new TempFolder();
        var pipeline = TestCorpus.Write(temp.Path);
        var other = temp.Write("other/extra.jsonl", "{\"text\": \"one line of extra text for the replaced source\"}\n{\"text\": \"\"}\n");
        var outcome = CliProcess.Run(temp.Path, "run", pipeline, "--input", other, "--out", "release", "--json");

        Assert.Equal(0, outcome.ExitCode);
        using var summary = JsonDocument.Parse(outcome.Stdout);
        var d = summary.RootElement.GetProperty("dispositions");
        Assert.Equal(2, d.GetProperty("in").GetInt64());
        Assert.Equal(d.GetProperty("in").GetInt64(),
            d.GetProperty("kept").GetInt64() + d.GetProperty("rejected").GetInt64() + d.GetProperty("duplicate").GetInt64());
        Assert.Equal(1, summary.RootElement.GetProperty("rejectedByReason").GetProperty("empty_text").GetInt64());
        Assert.True(File.Exists(temp.File("release/manifest.json")));
    }

    [BrownFact]
    public void Slurm_environment_picks_the_task_and_the_task_says_what_to_do_next()
    {
        using var temp = new TempFolder();
        var pipeline = TestCorpus.Write(temp.Path);
        var environment = new Dictionary<string, string> { ["SLURM_ARRAY_TASK_ID"] = "1", ["SLURM_ARRAY_TASK_COUNT"] = "2" };
        var outcome = CliProcess.Run(temp.Path, environment, "run", pipeline, "--out", "release");

        Assert.Equal(0, outcome.ExitCode);
        Assert.True(Directory.Exists(temp.File("release/tasks/rank-00001-of-00002")));
        Assert.Contains("provguard merge", outcome.Stderr);
    }

    [BrownFact]
    public void Demo_runs_end_to_end_and_conserves_every_record()
    {
        using var temp = new TempFolder();
        var outcome = CliProcess.Run(temp.Path, "demo", "--out", "demo", "--json");
        Assert.True(outcome.ExitCode == 0, outcome.Stderr);

        using var summary = JsonDocument.Parse(outcome.Stdout);
        var root = summary.RootElement;
        var d = root.GetProperty("dispositions");
        Assert.True(d.GetProperty("conserved").GetBoolean());
        Assert.True(d.GetProperty("duplicate").GetInt64() > 0);
        foreach (var reason in new[] { "malformed_json", "invalid_utf8", "missing_text", "empty_text", "too_large", "truncated_input", "quota_exceeded" })
            Assert.True(root.GetProperty("rejectedByReason").TryGetProperty(reason, out _), $"the demo shows {reason}");
        var truth = root.GetProperty("demoTruth");
        Assert.True(truth.GetProperty("machineShareKept").GetDouble() < truth.GetProperty("machineShareIn").GetDouble(),
            "curation lowers the true machine share");
        Assert.True(root.GetProperty("syntheticShare").GetProperty("after").GetDouble() <= 0.10 + 1e-9);
        // The demo's generator watermarks its text: the detector finds it in generated documents, not in human ones.
        Assert.True(truth.GetProperty("machineWatermarkHits").GetInt32() >= 0.95 * truth.GetProperty("machineDocuments").GetInt32());
        Assert.Equal(0, truth.GetProperty("humanWatermarkHits").GetInt32());
        Assert.True(File.Exists(temp.File("demo/input/forum-dump.jsonl.zst")));

        // README's lineage example names a record of this demo: it must stay true when the demo changes.
        var readme = File.ReadAllText(ProjectPaths.Require("README.md", "README"));
        var example = System.Text.RegularExpressions.Regex.Match(readme, @"lineage trace (\S+) --release demo-out").Groups[1].Value;
        var trace = CliProcess.Run(temp.Path, "lineage", "trace", example, "--release", "demo");
        Assert.True(trace.ExitCode == 0, $"README's example '{example}': {trace.Stderr}");
        Assert.Contains("duplicates", trace.Stdout);
    }
}
