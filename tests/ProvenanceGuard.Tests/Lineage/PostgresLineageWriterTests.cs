using System.Text;
using Microsoft.Data.Sqlite;
using Npgsql;
using ProvenanceGuard.Lineage;
using ProvenanceGuard.Lineage.Postgres;
using ProvenanceGuard.Pipeline;
using ProvenanceGuard.Tests.Support;

namespace ProvenanceGuard.Tests.Lineage;

/// <summary>
/// The PostgreSQL lineage store holds exactly what the release's lineage.db holds, and a retried batch or a release
/// loaded twice never doubles a record. Runs against the server PROVGUARD_TEST_POSTGRES names, in a fresh database per test.
/// </summary>
public sealed class PostgresLineageWriterTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly PostgresTestDatabase _database = new();
    private string? ConnectionString => _database.ConnectionString;

    /// <summary>A small release (exact duplicates, malformed lines, several shards) with its SQLite lineage.db, built without a detector.</summary>
    private async Task<string> Release(string name, int records)
    {
        var text = new StringBuilder();
        for (var i = 1; i <= records; i++)
        {
            if (i % 50 == 0) text.Append("{\"id\": \"bad-").Append(i).Append("\", \"text\": \n");
            else text.Append("{\"id\": \"").Append(name).Append('-').Append(i).Append("\", \"text\": \"record ").Append(i % 700).Append(" with a few words\"}\n");
        }
        var input = _temp.Write($"{name}/input.jsonl", text.ToString());
        var definition = new PipelineDefinition
        {
            Name = name,
            Sources = [new SourceDefinition { Name = "main", Path = input }],
            Steps = [new StepDefinition { Type = "normalize" }, new StepDefinition { Type = "dedup" }],
            Output = new OutputOptions { ShardRows = 300 },
        };
        var release = _temp.File($"{name}/release");
        await PipelineRunner.RunAsync(new LoadedPipeline(definition, name, null), new RunOptions { OutputDirectory = release });
        return release;
    }

    private PostgresLineageWriter Writer(int batchRecords = 50_000, Action<int>? afterBatch = null) =>
        new(new PostgresLineageOptions { ConnectionString = ConnectionString!, BatchRecords = batchRecords, BaseDelayMilliseconds = 5, AfterBatchCommitted = afterBatch },
            new Random(1));

    private List<string> PostgresRows(string runId)
    {
        using var connection = new NpgsqlConnection(ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand("""
            SELECT r.record, r.id, r.content_sha256, r.origin_line, r.disposition, r.reason, r.shard, r."row", r.duplicate_of,
                   (SELECT string_agg(e.stage || ':' || e.decision, ',' ORDER BY e.seq) FROM lineage_events e WHERE e.run_id = r.run_id AND e.record = r.record)
            FROM lineage_records r WHERE r.run_id = $1 ORDER BY r.record
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = runId });
        return ReadRows(command.ExecuteReader());
    }

    private static List<string> SqliteRows(string release)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(release, "lineage.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT r.record, r.id, r.content_sha256, r.origin_line, r.disposition, r.reason, r.shard, r."row", r.duplicate_of,
                   (SELECT group_concat(stage || ':' || decision, ',') FROM (SELECT s.stage, e.decision FROM events e JOIN stages s ON s.stage_id = e.stage_id WHERE e.record = r.record ORDER BY e.seq))
            FROM records r ORDER BY r.record
            """;
        return ReadRows(command.ExecuteReader());
    }

    private static List<string> ReadRows(System.Data.Common.DbDataReader reader)
    {
        using var _ = reader;
        var rows = new List<string>();
        while (reader.Read())
            rows.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "∅" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        return rows;
    }

    private long Count(string table)
    {
        using var connection = new NpgsqlConnection(ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand($"SELECT count(*) FROM {table}", connection);
        return (long)command.ExecuteScalar()!;
    }

    private static string RunId(string release) => ReleaseFiles.Manifest(release).RunId;

    [PostgresFact]
    public async Task A_release_loads_into_postgres_record_for_record_as_into_its_lineage_db()
    {
        var release = await Release("alpha", 2000);

        var result = Writer(batchRecords: 700).Load(release);

        var sqlite = SqliteRows(release);
        Assert.Equal(2000, sqlite.Count);
        Assert.Equal(2000, result.Records);
        Assert.Equal(sqlite, PostgresRows(RunId(release)));
        Assert.Contains(sqlite, row => row.Contains("|duplicate|"));
        Assert.Contains(sqlite, row => row.Contains("|malformed_json|"));
    }

    [PostgresFact]
    public async Task Loading_a_release_twice_never_doubles_a_record()
    {
        var release = await Release("beta", 1200);

        Writer(batchRecords: 500).Load(release);
        var records = Count("lineage_records");
        var events = Count("lineage_events");
        Writer(batchRecords: 300).Load(release);

        Assert.Equal(1200, records);
        Assert.Equal(records, Count("lineage_records"));
        Assert.Equal(events, Count("lineage_events"));
        Assert.Equal(1, Count("lineage_runs"));
    }

    [PostgresFact]
    public async Task A_batch_retried_after_its_acknowledgement_was_lost_is_not_written_twice()
    {
        var release = await Release("gamma", 1500);
        var lost = new HashSet<int>();
        var attempts = new List<int>();

        var result = Writer(batchRecords: 400, afterBatch: batch =>
        {
            attempts.Add(batch);
            // Batches 1 and 3 commit, then the connection "drops" before the client hears back: a transient failure.
            if ((batch is 1 or 3) && lost.Add(batch)) throw new NpgsqlException("simulated lost acknowledgement", new IOException("connection reset"));
        }).Load(release);

        Assert.Equal([0, 1, 1, 2, 3, 3], attempts);
        Assert.Equal(1500, result.Records);
        Assert.Equal(1500, Count("lineage_records"));
        Assert.Equal(SqliteRows(release), PostgresRows(RunId(release)));
    }

    [PostgresFact]
    public async Task Workers_loading_different_releases_at_once_share_one_store()
    {
        var releases = await Task.WhenAll(Release("w1", 800), Release("w2", 900), Release("w3", 700));

        await Task.WhenAll(releases.Select(r => Task.Run(() => Writer(batchRecords: 250).Load(r))));

        Assert.Equal(3, Count("lineage_runs"));
        Assert.Equal(2400, Count("lineage_records"));
        foreach (var release in releases) Assert.Equal(SqliteRows(release), PostgresRows(RunId(release)));
    }

    [Fact]
    public void The_backend_follows_the_connection_string()
    {
        Assert.IsType<SqliteLineageWriter>(LineageWriters.Create(new LineageStoreOptions()));
        Assert.IsType<PostgresLineageWriter>(LineageWriters.Create(new LineageStoreOptions { ConnectionString = "Host=127.0.0.1;Database=lineage" }));
    }

    public void Dispose()
    {
        _temp.Dispose();
        _database.Dispose();
    }
}
