using System.Text.Json;
using ProvenanceGuard.Pipeline;
using ProvenanceGuard.Tests.Support;

namespace ProvenanceGuard.Tests.Pipeline;

/// <summary>End-to-end runs on real files: conservation, determinism, partitioned runs and resumption.</summary>
public class PipelineRunnerTests
{
    private static Task<RunResult> Run(string pipeline, string release, int rank = 0, int world = 1, CancellationToken cancellation = default,
        IProgress<RunProgress>? progress = null) =>
        PipelineRunner.RunAsync(PipelineLoader.Load(pipeline, []), new RunOptions
        {
            OutputDirectory = release, Rank = rank, World = world, Scorer = SharedResources.DemoBaseline, Progress = progress,
        }, cancellation);

    private static List<(string Id, string Disposition)> Outcomes(string release) =>
        ReleaseFiles.Dispositions(release).Select(d => (d.GetProperty("id").GetString()!, Describe(d))).ToList();

    private static string Describe(JsonElement d) => string.Join("|", d.EnumerateObject()
        .Where(p => p.Name is "disposition" or "shard" or "row" or "reason" or "duplicate_of").Select(p => p.Value.ToString()));

    [BrownFact]
    public async Task Every_record_in_leaves_as_exactly_one_of_kept_rejected_or_duplicate()
    {
        using var temp = new TempFolder();
        var result = await Run(TestCorpus.Write(temp.Path), temp.File("release"));
        var manifest = result.Manifest!;
        var dispositions = ReleaseFiles.Dispositions(temp.File("release"));

        Assert.True(manifest.Dispositions.Conserved);
        Assert.Equal(manifest.Dispositions.In, dispositions.Count);
        Assert.Equal(manifest.Dispositions.In, manifest.Dispositions.Kept + manifest.Dispositions.Rejected + manifest.Dispositions.Duplicate);
        Assert.Equal(dispositions.Count, dispositions.Select(d => d.GetProperty("id").GetString()).Distinct().Count());
        Assert.Equal(manifest.Dispositions.Kept, manifest.Shards.Sum(s => s.Rows));
        Assert.Equal(manifest.Dispositions.Rejected, manifest.Rejected.Rows);
        Assert.Equal(manifest.Dispositions.In, manifest.Inputs.Sum(i => i.Records));
        Assert.True(manifest.Dispositions.Duplicate >= 6, "the corpus injects exact duplicates");
        Assert.Contains("malformed_json", manifest.RejectedByReason.Keys);
        Assert.Contains("malformed_csv", manifest.RejectedByReason.Keys);

        // Kept rows really are in the shard they name, at the row they name.
        foreach (var shard in manifest.Shards)
        {
            var rows = ReleaseFiles.Lines(Path.Combine(temp.File("release"), shard.File));
            Assert.Equal(shard.Rows, rows.Count);
            for (var row = 0; row < rows.Count; row++)
            {
                Assert.Equal(shard.File, rows[row].GetProperty("shard").GetString());
                Assert.Equal(row, rows[row].GetProperty("row").GetInt64());
                Assert.Equal(64, rows[row].GetProperty("content_sha256").GetString()!.Length);
                Assert.Contains(rows[row].GetProperty("lineage").EnumerateArray(), e => e.GetProperty("stage").GetString() == "ingest");
            }
        }
    }

    [BrownFact]
    public async Task Every_shard_meets_the_synthetic_quota_on_its_own()
    {
        using var temp = new TempFolder();
        var result = await Run(TestCorpus.Write(temp.Path, maxSyntheticShare: 0.05), temp.File("release"));
        var manifest = result.Manifest!;
        Assert.True(manifest.SyntheticShare.Before > 0.05, "the test corpus must put the quota to work");
        foreach (var shard in manifest.Shards)
            Assert.True(shard.FlaggedSynthetic <= 0.05 * shard.Rows + 1e-9, $"{shard.File}: {shard.FlaggedSynthetic} of {shard.Rows} flagged");
        Assert.True(manifest.RejectedByReason.GetValueOrDefault("quota_exceeded") > 0);
    }

    [BrownFact]
    public async Task Same_inputs_config_and_seed_give_byte_identical_shards()
    {
        using var temp = new TempFolder();
        var pipeline = TestCorpus.Write(temp.Path);
        var first = await Run(pipeline, temp.File("a"));
        var second = await Run(pipeline, temp.File("b"));

        Assert.Equal(ReleaseFiles.ShardBytes(temp.File("a")), ReleaseFiles.ShardBytes(temp.File("b")));
        Assert.Equal(File.ReadAllBytes(temp.File("a/dispositions.jsonl.gz")), File.ReadAllBytes(temp.File("b/dispositions.jsonl.gz")));
        Assert.Equal(JsonSerializer.Serialize(first.Manifest!.Shards), JsonSerializer.Serialize(second.Manifest!.Shards));
        Assert.All(first.Manifest.Shards, s =>
        {
            Assert.Equal(s.Rows, s.RowsBySource!.Values.Sum());
            Assert.InRange(s.SyntheticShare!.Value, s.SyntheticShareLow!.Value, s.SyntheticShareHigh!.Value);
        });
        Assert.NotEqual(first.Manifest.RunId, second.Manifest.RunId);
    }

    [BrownFact]
    public async Task An_exact_dedup_index_spilled_to_disk_gives_the_same_release_as_one_held_in_memory()
    {
        using var temp = new TempFolder();
        var pipeline = TestCorpus.Write(temp.Path);
        await Run(pipeline, temp.File("memory"));
        var spilling = PipelineLoader.Load(pipeline, [], new Dictionary<string, string?> { ["executor:exactDedupEntriesInMemory"] = "16" });
        var spilled = await PipelineRunner.RunAsync(spilling, new RunOptions { OutputDirectory = temp.File("spilled"), Scorer = SharedResources.DemoBaseline });

        Assert.True(spilled.Manifest!.Dispositions.Duplicate >= 6);
        Assert.Equal(ReleaseFiles.ShardBytes(temp.File("memory")), ReleaseFiles.ShardBytes(temp.File("spilled")));
        Assert.Equal(File.ReadAllBytes(temp.File("memory/dispositions.jsonl.gz")), File.ReadAllBytes(temp.File("spilled/dispositions.jsonl.gz")));
        Assert.False(Directory.Exists(Path.Combine(temp.File("spilled"), ReleaseWriter.DedupSpillFolder)), "the runs are scratch space");
    }

    [BrownFact]
    public async Task Three_tasks_merged_equal_one_task()
    {
        using var temp = new TempFolder();
        var pipeline = TestCorpus.Write(temp.Path);
        var single = await Run(pipeline, temp.File("single"));

        var split = temp.File("split");
        for (var rank = 0; rank < 3; rank++)
        {
            var task = await Run(pipeline, split, rank, 3);
            Assert.Null(task.Manifest);
            Assert.True(task.SplitsWritten > 0, $"rank {rank} had work");
        }
        var merged = await PipelineRunner.MergeAsync(split, new RunOptions { OutputDirectory = split });

        Assert.Equal(ReleaseFiles.ShardBytes(temp.File("single")), ReleaseFiles.ShardBytes(split));
        Assert.Equal(Outcomes(temp.File("single")), Outcomes(split));
        Assert.Equal(single.Manifest!.Dispositions, merged.Manifest!.Dispositions);
        Assert.Equal(single.Manifest.Inputs.Select(i => i.Sha256), merged.Manifest.Inputs.Select(i => i.Sha256));
        Assert.Equal(3, merged.Manifest.Tasks);
    }

    [BrownFact]
    public async Task Merge_refuses_while_a_task_is_unfinished()
    {
        using var temp = new TempFolder();
        var pipeline = TestCorpus.Write(temp.Path);
        await Run(pipeline, temp.File("split"), 0, 2);
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => PipelineRunner.MergeAsync(temp.File("split"), new RunOptions { OutputDirectory = temp.File("split") }));
        Assert.Contains("rank 1 of 2", e.Message);
    }

    [BrownFact]
    public async Task A_finished_task_is_skipped_and_an_interrupted_one_resumes_from_its_written_splits()
    {
        using var temp = new TempFolder();
        var pipeline = TestCorpus.Write(temp.Path);
        var release = temp.File("split");

        var first = await Run(pipeline, release, 1, 2);
        Assert.True((await Run(pipeline, release, 1, 2)).SkippedBecauseComplete);

        // Simulate a kill after some splits: remove the marker and one split file, leaving the killed write's temporary file.
        var folder = TaskPlan.TaskFolder(release, 1, 2);
        File.Delete(Path.Combine(folder, TaskPlan.CompletionMarker));
        var last = Directory.GetFiles(folder, "split-*").Order().Last();
        File.Move(last, Path.Combine(folder, "." + Path.GetFileName(last) + ".tmp-99999"));
        var resumed = await Run(pipeline, release, 1, 2);
        Assert.Equal(1, resumed.SplitsWritten);
        Assert.Equal(first.SplitsWritten - 1, resumed.SplitsSkipped);
        Assert.Empty(Directory.GetFiles(folder, ".*.tmp-*"));
    }

    [BrownFact]
    public async Task A_run_cancelled_part_way_and_run_again_loses_and_duplicates_nothing()
    {
        using var temp = new TempFolder();
        var pipeline = TestCorpus.Write(temp.Path, records: 3000, shardRows: 200);
        await Run(pipeline, temp.File("clean"));

        var release = temp.File("interrupted");
        using var cancel = new CancellationTokenSource();
        var progress = new SynchronousProgress(p =>
        {
            if (p.Records > 1000) cancel.Cancel();
        });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Run(pipeline, release, cancellation: cancel.Token, progress: progress));
        Assert.False(File.Exists(Path.Combine(release, "manifest.json")), "an interrupted release has no manifest");

        var rerun = await Run(pipeline, release);
        Assert.True(rerun.Manifest!.Dispositions.Conserved);
        Assert.Equal(ReleaseFiles.ShardBytes(temp.File("clean")), ReleaseFiles.ShardBytes(release));
        Assert.Equal(Outcomes(temp.File("clean")), Outcomes(release));
    }

    private sealed class SynchronousProgress(Action<RunProgress> report) : IProgress<RunProgress>
    {
        public void Report(RunProgress value) => report(value);
    }
}
