using System.Text.Json;
using ProvenanceGuard.Lineage;
using ProvenanceGuard.Lineage.Postgres;
using ProvenanceGuard.Pipeline;
using ProvenanceGuard.Tests.Support;

namespace ProvenanceGuard.Tests.Lineage;

/// <summary>Lineage questions asked of the shared PostgreSQL store get the answers the release's own lineage.db gives.</summary>
public sealed class PostgresLineageStoreTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly PostgresTestDatabase _database = new();

    private async Task<string> Release(string name, double maxSyntheticShare)
    {
        var pipeline = TestCorpus.Write(Directory.CreateDirectory(_temp.File(name)).FullName, maxSyntheticShare: maxSyntheticShare);
        var release = _temp.File($"{name}/release");
        await PipelineRunner.RunAsync(PipelineLoader.Load(pipeline, []), new RunOptions { OutputDirectory = release, Scorer = SharedResources.DemoBaseline });
        LineageWriters.Create(new LineageStoreOptions { ConnectionString = _database.ConnectionString }).Load(release);
        return release;
    }

    private static string Answer(Func<ILineageQueries, object> question, ILineageQueries store) => JsonSerializer.Serialize(question(store));

    [PostgresFact(NeedsBrownCorpus = true)]
    public async Task Trace_shard_source_and_diff_answer_as_the_release_lineage_db_does()
    {
        var older = await Release("older", maxSyntheticShare: 0.10);
        var newer = await Release("newer", maxSyntheticShare: 0.30);
        var someHash = ReleaseFiles.Dispositions(newer)[40].GetProperty("content_sha256").GetString()!;
        var questions = new (string Name, Func<ILineageQueries, object> Ask)[]
        {
            ("trace r3 (has a duplicate)", s => s.Trace("r3")),
            ("trace r10007 (a duplicate)", s => s.Trace("r10007")),
            ("trace by content hash", s => s.Trace(someHash)),
            ("trace unknown", s => s.Trace("no-such-record")),
            ("shard by path", s => s.Shard("shards/shard-00000.jsonl.gz")),
            ("shard by file name", s => s.Shard("shard-00001.jsonl.gz")),
            ("source main", s => s.Source("main")),
            ("source tail", s => s.Source("tail")),
            ("diff", s => s.Diff(older)),
        };

        using var sqlite = LineageStore.Open(newer);
        using var postgres = PostgresLineageStore.Open(_database.ConnectionString!, newer);
        foreach (var (name, ask) in questions) Assert.True(Answer(ask, sqlite) == Answer(ask, postgres), $"{name}: {Answer(ask, sqlite)} != {Answer(ask, postgres)}");

        Assert.Equal(["r10007"], postgres.Trace("r3").Single().Duplicates);
        var diff = postgres.Diff(older);
        Assert.NotEmpty(diff.Entered); // a looser quota keeps more flagged records
        Assert.True(diff.KeptAfter > diff.KeptBefore);
    }

    [PostgresFact(NeedsBrownCorpus = true)]
    public async Task A_release_not_loaded_into_the_store_is_refused_with_the_command_that_loads_it()
    {
        var loaded = await Release("loaded", maxSyntheticShare: 0.10);
        var pipeline = TestCorpus.Write(Directory.CreateDirectory(_temp.File("other")).FullName);
        var other = _temp.File("other/release");
        await PipelineRunner.RunAsync(PipelineLoader.Load(pipeline, []), new RunOptions { OutputDirectory = other, Scorer = SharedResources.DemoBaseline });

        var e = Assert.Throws<ConfigurationException>(() => PostgresLineageStore.Open(_database.ConnectionString!, other));
        Assert.Contains("provguard lineage load", e.Message);
        using var store = PostgresLineageStore.Open(_database.ConnectionString!, loaded);
        Assert.Contains("lineage load", Assert.Throws<ConfigurationException>(() => store.Diff(other)).Message);
    }

    public void Dispose()
    {
        _temp.Dispose();
        _database.Dispose();
    }
}
