using Microsoft.Data.Sqlite;
using ProvenanceGuard.Lineage;
using ProvenanceGuard.Pipeline;
using ProvenanceGuard.Tests.Support;

namespace ProvenanceGuard.Tests.Lineage;

/// <summary>lineage.db answers where a row came from, what happened to it, and what a release is made of.</summary>
public class LineageStoreTests
{
    private static async Task<RunResult> Run(string pipeline, string release, Dictionary<string, string?>? flags = null) =>
        await PipelineRunner.RunAsync(PipelineLoader.Load(pipeline, [], flags), new RunOptions { OutputDirectory = release, Scorer = SharedResources.DemoBaseline });

    [BrownFact]
    public async Task A_run_builds_a_store_that_holds_every_record_and_event()
    {
        using var temp = new TempFolder();
        var result = await Run(TestCorpus.Write(temp.Path), temp.File("release"));
        Assert.NotNull(result.Lineage);
        Assert.Equal(result.Manifest!.Dispositions.In, result.Lineage!.Records);
        Assert.True(result.Lineage.Events >= 2 * result.Lineage.Records);
        Assert.True(File.Exists(temp.File("release/lineage.db")));
    }

    [BrownFact]
    public async Task Trace_finds_a_record_by_id_and_by_hash_with_its_origin_events_and_duplicates()
    {
        using var temp = new TempFolder();
        await Run(TestCorpus.Write(temp.Path), temp.File("release"));
        using var store = LineageStore.Open(temp.File("release"));

        // The test corpus repeats record r3's text as r10007 (i = 7 duplicates texts[7 / 2]).
        var original = Assert.Single(store.Trace("r3"));
        Assert.Equal("main", original.Source);
        Assert.Equal("main.jsonl", original.OriginFile);
        Assert.Equal(4, original.OriginLine);
        Assert.EndsWith("main.jsonl", Assert.Single(original.InputPaths));
        Assert.Contains("r10007", original.Duplicates);
        Assert.Equal(["ingest", "normalize", "detect", "dedup", "curate"], original.Events.Take(5).Select(e => e.Stage));

        var sameText = store.Trace(original.ContentSha256);
        Assert.Equal(["r3", "r10007"], sameText.Select(r => r.Id));
        var duplicate = sameText[1];
        Assert.Equal("duplicate", duplicate.Disposition);
        Assert.Equal("r3", duplicate.DuplicateOf);
        Assert.Equal("duplicate_of:r3", duplicate.Events.Last().Decision);
    }

    [BrownFact]
    public async Task Shard_and_source_summaries_agree_with_the_manifest()
    {
        using var temp = new TempFolder();
        var manifest = (await Run(TestCorpus.Write(temp.Path), temp.File("release"))).Manifest!;
        using var store = LineageStore.Open(temp.File("release"));

        foreach (var shard in manifest.Shards)
        {
            var composition = store.Shard(shard.File);
            Assert.Equal(shard.Rows, composition.Rows);
            Assert.Equal(shard.FlaggedSynthetic, composition.FlaggedSynthetic);
        }
        var sources = new[] { "main", "more", "tail" }.Select(store.Source).ToList();
        Assert.Equal(manifest.Dispositions.In, sources.Sum(s => s.Records));
        Assert.Equal(manifest.Dispositions.Kept, sources.Sum(s => s.Kept));
        Assert.Equal(manifest.RejectedByReason["malformed_csv"], store.Source("tail").RejectedByReason["malformed_csv"]);
        Assert.Throws<ConfigurationException>(() => store.Source("nowhere"));
    }

    [BrownFact]
    public async Task Diff_says_what_left_a_release_and_why()
    {
        using var temp = new TempFolder();
        var pipeline = TestCorpus.Write(temp.Path);
        await Run(pipeline, temp.File("loose"), new() { ["policy:maxSyntheticShare"] = "0.3" });
        await Run(pipeline, temp.File("strict"), new() { ["policy:maxSyntheticShare"] = "0.05" });

        using var store = LineageStore.Open(temp.File("strict"));
        var diff = store.Diff(temp.File("loose"));
        Assert.True(diff.KeptAfter < diff.KeptBefore);
        Assert.Equal(diff.KeptBefore - diff.KeptAfter, diff.Left.Count - diff.Entered.Count);
        Assert.NotEmpty(diff.Left);
        Assert.All(diff.Left, e => Assert.Equal("now rejected (quota_exceeded)", e.Why));
    }

    [Fact]
    public void A_store_from_a_newer_tool_is_refused_rather_than_misread()
    {
        using var temp = new TempFolder();
        var release = temp.Path;
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(release, "lineage.db")}"))
        {
            SQLitePCL.Batteries_V2.Init();
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE schema_version (version INTEGER NOT NULL); INSERT INTO schema_version VALUES (99);";
            command.ExecuteNonQuery();
        }
        SqliteConnection.ClearAllPools();
        var e = Assert.Throws<InvalidDataException>(() => LineageStore.Open(release));
        Assert.Contains("schema version 99", e.Message);
    }

    [BrownFact]
    public void The_trace_verb_prints_the_record_and_names_unknown_ones()
    {
        using var temp = new TempFolder();
        var pipeline = TestCorpus.Write(temp.Path);
        Assert.Equal(0, CliProcess.Run(temp.Path, "run", pipeline, "--out", "release").ExitCode);

        var found = CliProcess.Run(temp.Path, "lineage", "trace", "r3", "--release", "release");
        Assert.Equal(0, found.ExitCode);
        Assert.Contains("main.jsonl line 4", found.Stdout);
        Assert.Contains("r10007", found.Stdout);

        var missing = CliProcess.Run(temp.Path, "lineage", "trace", "no-such-id", "--release", "release");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("no-such-id", missing.Stderr);
    }
}

/// <summary>A run configured with a shared PostgreSQL lineage store loads its lineage there instead of lineage.db.</summary>
public class SharedLineageStoreRunTests
{
    [PostgresFact]
    public async Task A_run_with_a_connection_string_loads_its_lineage_into_postgresql()
    {
        using var temp = new TempFolder();
        var flags = new Dictionary<string, string?> { ["lineage:connectionString"] = Environment.GetEnvironmentVariable(PostgresFactAttribute.Variable) };
        var result = await PipelineRunner.RunAsync(PipelineLoader.Load(TestCorpus.Write(temp.Path), [], flags),
            new RunOptions { OutputDirectory = temp.File("release"), Scorer = SharedResources.DemoBaseline });

        Assert.Equal(result.Manifest!.Dispositions.In, result.Lineage!.Records);
        Assert.False(File.Exists(temp.File("release/lineage.db")));
    }
}
