using System.Diagnostics;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ProvenanceGuard.Curation.NearDuplicates;
using ProvenanceGuard.Pipeline;
using ProvenanceGuard.Tests.Support;

namespace ProvenanceGuard.Tests.Cli.Slurm;

/// <summary>
/// provguard slurm submit on a real single-node Slurm cluster (tests/slurm/start.sh): a 4-task array with one task
/// killed part-way, resubmitted, merges into the very release a single process writes.
/// </summary>
public class SlurmArrayTests
{
    private const int Tasks = 4;
    // Generous for a loaded CI machine; here the whole test takes about 25 s.
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    /// <remarks>
    /// The kill is deterministic, not a race: the last input is a named pipe that nothing writes, so the task that
    /// owns its split writes all its earlier splits and then blocks opening it until it is cancelled. Once cancelled,
    /// the pipe is replaced by the regular file the single-process run also reads.
    /// </remarks>
    [SlurmFact]
    public void A_killed_and_resubmitted_array_merges_into_the_single_process_release()
    {
        var cluster = SlurmCluster.FromEnvironment();
        using var temp = new TempFolder();
        var (pipeline, lateInput, lateContent) = WriteCorpus(temp.Path);
        var release = temp.File("release");
        var submitted = new List<string>();
        try
        {
            var splits = PlannedSplits(pipeline);
            var late = splits[^1];
            var killedRank = late.Index % Tasks;
            for (var rank = 0; rank < Tasks; rank++)
                Assert.True(splits.Count(s => s.Index % Tasks == rank) >= 2, $"rank {rank} has at least two splits");
            var killedFolder = TaskPlan.TaskFolder(release, killedRank, Tasks);
            var finishedEarly = splits.Where(s => s.Index % Tasks == killedRank && s != late).Select(s => TaskPlan.SplitFile(killedFolder, s.Index)).ToList();
            string Diagnostics() => $"queue:\n{cluster.Queue(submitted.ToArray())}\n{SlurmCluster.JobOutputs(release)}";

            // First submission: every task but one finishes; that one writes its earlier splits and hangs on the pipe.
            var (firstArray, firstMerge) = Submit(cluster, temp.Path, pipeline, release);
            submitted.AddRange([firstArray, firstMerge]);
            SlurmCluster.WaitFor($"ranks other than {killedRank} to finish and leave the queue, and rank {killedRank} to write its first {finishedEarly.Count} splits",
                () => Enumerable.Range(0, Tasks).Where(r => r != killedRank).All(r => File.Exists(Marker(release, r))) && finishedEarly.All(File.Exists)
                      && cluster.Queue(firstArray).Trim() == $"{firstArray}_{killedRank} RUNNING",
                Deadline, Diagnostics);
            Assert.False(File.Exists(TaskPlan.SplitFile(killedFolder, late.Index)));

            cluster.Cancel($"{firstArray}_{killedRank}");
            SlurmCluster.WaitFor("the cancelled task to leave the queue", () => cluster.Queue(firstArray).Trim() == "", Deadline, Diagnostics);
            // --kill-on-invalid-dep: the merge that can never run is cancelled, not left pending beside the next one.
            SlurmCluster.WaitFor("the first merge to be cancelled", () => cluster.State(firstMerge) == "CANCELLED", Deadline,
                () => cluster.Show(firstMerge) + Diagnostics());
            Assert.False(File.Exists(Marker(release, killedRank)));
            Assert.False(File.Exists(Path.Combine(release, "manifest.json")));
            var before = Snapshot(release);

            File.Delete(lateInput);
            File.WriteAllText(lateInput, lateContent);

            // Resubmission: finished tasks return at once, the killed one writes only the split it was in, the merge runs.
            var (secondArray, secondMerge) = Submit(cluster, temp.Path, pipeline, release);
            submitted.AddRange([secondArray, secondMerge]);
            SlurmCluster.WaitFor("the resubmitted array and merge to finish", () => cluster.Queue(secondArray, secondMerge).Trim() == "", Deadline, Diagnostics);
            Assert.True(cluster.State(secondMerge) == "COMPLETED", $"merge job {secondMerge}: {cluster.State(secondMerge)}\n{Diagnostics()}");

            var after = Snapshot(release);
            for (var rank = 0; rank < Tasks; rank++)
            {
                var log = File.ReadAllText(Path.Combine(release, "slurm", $"task-{secondArray}_{rank}.log"));
                if (rank == killedRank)
                {
                    Assert.Matches(@"splits written / already done\W+1 / " + finishedEarly.Count, log);
                    continue;
                }
                Assert.Contains($"task {rank} of {Tasks} was already complete; nothing to do", log);
            }
            // Nothing that existed was rewritten (same bytes, same modification time); the only new task files are the
            // killed task's unfinished split (tagged records and near-duplicate bands), its digests and its marker.
            foreach (var (file, state) in before) Assert.Equal((file, state), (file, after[file]));
            var killedRelative = Path.GetRelativePath(release, killedFolder);
            Assert.Equal(
                new[] { TaskPlan.CompletionMarker, TaskPlan.DigestsFile, Path.GetFileName(TaskPlan.SplitFile(killedFolder, late.Index)),
                    Path.GetFileName(SplitBands.FileFor(killedFolder, late.Index)) }.Select(f => Path.Combine(killedRelative, f)).Order(StringComparer.Ordinal),
                after.Keys.Except(before.Keys).Order(StringComparer.Ordinal));

            var single = CliProcess.Run(temp.Path, "run", pipeline, "--out", temp.File("single"));
            Assert.True(single.ExitCode == 0, single.Stderr);

            var shards = ReleaseFiles.ShardBytes(temp.File("single"));
            Assert.True(shards.Count >= 2, $"the corpus fills several shards ({shards.Count})");
            Assert.Equal(shards, ReleaseFiles.ShardBytes(release));
            var dispositions = DispositionLines(release);
            Assert.Equal(DispositionLines(temp.File("single")), dispositions);
            Assert.Contains(dispositions, d => d.Contains("near_duplicate_of:"));
            var merged = ReleaseFiles.Manifest(release);
            Assert.Equal(Tasks, merged.Tasks);
            Assert.Equal(ReleaseFiles.Manifest(temp.File("single")).Dispositions, merged.Dispositions);
        }
        finally
        {
            cluster.CancelQuietly(submitted);
        }
    }

    private static (string Array, string Merge) Submit(SlurmCluster cluster, string workingDirectory, string pipeline, string release)
    {
        var outcome = CliProcess.Run(workingDirectory, cluster.ClientEnvironment, "slurm", "submit", pipeline, "--tasks", Tasks.ToString(), "--out", release);
        Assert.True(outcome.ExitCode == 0, $"slurm submit failed ({outcome.ExitCode}): {outcome.Stderr}");
        var ids = Regex.Match(outcome.Stdout, $@"submitted array job (\d+) \({Tasks} tasks\) and merge job (\d+)");
        Assert.True(ids.Success, outcome.Stdout);
        return (ids.Groups[1].Value, ids.Groups[2].Value);
    }

    private static string Marker(string release, int rank) => Path.Combine(TaskPlan.TaskFolder(release, rank, Tasks), TaskPlan.CompletionMarker);

    private static IReadOnlyList<ProvenanceGuard.Ingestion.InputSplit> PlannedSplits(string pipeline)
    {
        var definition = PipelineLoader.Load(pipeline, commandLine: new Dictionary<string, string?>()).Definition;
        return InputPlanner.Splits(InputPlanner.Inputs(definition), definition.Executor.SplitBytes);
    }

    /// <summary>
    /// Every file under tasks/ but unfinished temporaries (".name.tmp-pid", which a killed task leaves behind): its
    /// modification time and SHA-256, by path relative to the release.
    /// </summary>
    private static Dictionary<string, (DateTime Modified, string Sha256)> Snapshot(string release) =>
        Directory.GetFiles(Path.Combine(release, TaskPlan.TasksFolder), "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetFileName(f).StartsWith('.')).ToDictionary(
            f => Path.GetRelativePath(release, f),
            f => (File.GetLastWriteTimeUtc(f), Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))));

    private static List<string> DispositionLines(string release)
    {
        using var reader = new StreamReader(new GZipStream(File.OpenRead(Path.Combine(release, "dispositions.jsonl.gz")), CompressionMode.Decompress));
        var lines = new List<string>();
        while (reader.ReadLine() is { } line) lines.Add(line);
        return lines;
    }

    /// <summary>
    /// Five JSONL files of about 400 KB (each cut into splits; exact and near duplicates across files, a broken line)
    /// and a small last file that starts as a named pipe. Returns the pipeline, the pipe's path and the pipe's later content.
    /// </summary>
    private static (string Pipeline, string LateInput, string LateContent) WriteCorpus(string folder)
    {
        var random = new Random(9);
        var earlier = new List<string>();
        string Line(string id, string text) => JsonSerializer.Serialize(new { id, text }) + "\n";
        string File(int records, string prefix)
        {
            var content = new StringBuilder();
            for (var i = 0; i < records; i++)
            {
                var text = earlier.Count < 50 ? TestCorpus.Text(random, random.Next(40, 110), predictable: i % 5 == 0)
                    : (i % 40) switch
                    {
                        11 => earlier[random.Next(earlier.Count)],
                        23 => OneWordChanged(earlier[random.Next(earlier.Count)]),
                        _ => TestCorpus.Text(random, random.Next(40, 110), predictable: i % 5 == 0),
                    };
                earlier.Add(text);
                content.Append(Line($"{prefix}{i}", text));
                if (i == records / 2) content.Append("{\"id\": \"broken\", \"text\": \n");
            }
            return content.ToString();
        }

        var inputs = Path.Combine(folder, "in");
        Directory.CreateDirectory(inputs);
        var sources = new List<string>();
        foreach (var name in new[] { "a", "b", "c", "d", "e" })
        {
            System.IO.File.WriteAllText(Path.Combine(inputs, $"{name}.jsonl"), File(800, name));
            sources.Add($$"""{ "name": "{{name}}", "path": "in/{{name}}.jsonl" }""");
        }
        var lateInput = Path.Combine(inputs, "late.jsonl");
        var lateContent = File(100, "late");
        MakeFifo(lateInput);
        sources.Add("""{ "name": "late", "path": "in/late.jsonl" }""");

        var pipeline = Path.Combine(folder, "pipeline.json");
        System.IO.File.WriteAllText(pipeline, $$"""
            {
              "name": "slurm-it",
              "sources": [ {{string.Join(", ", sources)}} ],
              "steps": [ { "type": "normalize" }, { "type": "detect" }, { "type": "dedup", "method": "minhash" }, { "type": "quota" } ],
              "policy": { "maxSyntheticShare": 0.10, "syntheticThreshold": 0.5, "minTextChars": 20 },
              "output": { "shardRows": 1000 },
              "executor": { "splitBytes": 131072 },
              "detector": { "model": "models/baseline-unigram-surprisal-demo.json" }
            }
            """);
        return (pipeline, lateInput, lateContent);
    }

    /// <summary>A near duplicate: the text with its middle word replaced.</summary>
    private static string OneWordChanged(string text)
    {
        var words = text.Split(' ');
        words[words.Length / 2] = "zeppelin";
        return string.Join(' ', words);
    }

    private static void MakeFifo(string path)
    {
        using var mkfifo = Process.Start("mkfifo", [path]);
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }
}
