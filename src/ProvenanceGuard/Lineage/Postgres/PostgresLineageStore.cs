using System.Text.Json;
using Npgsql;
using ProvenanceGuard.Pipeline;
using ProvenanceGuard.Provenance;

namespace ProvenanceGuard.Lineage.Postgres;

/// <summary>
/// The lineage questions asked of the shared PostgreSQL store, scoped to one release by the run id in its manifest.
/// Answers match the release's own lineage.db (<see cref="LineageStore"/>) field for field.
/// </summary>
public sealed class PostgresLineageStore : ILineageQueries
{
    private readonly NpgsqlConnection _connection;
    private readonly string _runId;

    private PostgresLineageStore(NpgsqlConnection connection, string runId)
    {
        _connection = connection;
        _runId = runId;
    }

    public static PostgresLineageStore Open(string connectionString, string releaseDirectory)
    {
        var runId = RunIdOf(releaseDirectory);
        var connection = new NpgsqlConnection(connectionString);
        try
        {
            connection.Open();
            PostgresLineageSchema.Migrate(connection);
            var store = new PostgresLineageStore(connection, runId);
            store.RequireLoaded(runId, releaseDirectory);
            return store;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static string RunIdOf(string releaseDirectory)
    {
        var path = Path.Combine(releaseDirectory, PipelineRunner.ManifestFile);
        if (!File.Exists(path)) throw new ConfigurationException($"{path} not found; the release is incomplete");
        return JsonSerializer.Deserialize<ReleaseManifest>(File.ReadAllBytes(path), ReleaseManifest.JsonOptions)!.RunId;
    }

    public IReadOnlyList<TracedRecord> Trace(string idOrHash)
    {
        var rows = new List<(long Record, object[] Values)>();
        using (var command = Command("""
            SELECT record, id, content_sha256, source, origin_file, origin_line, origin_offset, p_machine, disposition, reason, shard, "row", duplicate_of, p_synthetic
            FROM lineage_records WHERE run_id = @run AND (id = @key OR content_sha256 = @key) ORDER BY record
            """, ("key", idOrHash)))
        using (var reader = command.ExecuteReader())
            while (reader.Read())
            {
                var values = new object[reader.FieldCount];
                reader.GetValues(values);
                rows.Add((reader.GetInt64(0), values));
            }
        var inputs = new Dictionary<string, IReadOnlyList<string>>();
        return rows.Select(row =>
        {
            var v = row.Values;
            var id = (string)v[1];
            var source = (string)v[3];
            if (!inputs.TryGetValue(source, out var paths))
                inputs[source] = paths = Strings("SELECT path FROM lineage_input_files WHERE run_id = @run AND source = @s ORDER BY file_index", ("s", source));
            return new TracedRecord(id, (string)v[2], source, (string)v[4], (long)v[5], (long)v[6], paths,
                v[7] is DBNull ? null : (double)v[7], (string)v[8], Nullable(v[9]), Nullable(v[10]), v[11] is DBNull ? null : (long)v[11],
                Nullable(v[12]), Events(row.Record),
                Strings("SELECT id FROM lineage_records WHERE run_id = @run AND duplicate_of = @id ORDER BY record", ("id", id)),
                v[13] is DBNull ? null : (double)v[13]);
        }).ToList();
    }

    public ShardComposition Shard(string shard)
    {
        var command = Command("""
            SELECT source, COUNT(*), COUNT(*) FILTER (WHERE COALESCE(p_synthetic, p_machine) >= @t), AVG(p_machine) FROM lineage_records
            WHERE run_id = @run AND disposition = 'kept' AND (shard = @shard OR shard LIKE '%/' || @shard) GROUP BY source ORDER BY source
            """, ("shard", shard), ("t", Threshold()));
        return LineageRows.Shard(command, shard);
    }

    public SourceSummary Source(string source)
    {
        var byDisposition = Counts("SELECT disposition, COUNT(*) FROM lineage_records WHERE run_id = @run AND source = @s GROUP BY disposition", ("s", source));
        if (byDisposition.Count == 0) throw new ConfigurationException($"no source '{source}' in this release");
        var reasons = Counts("SELECT reason, COUNT(*) FROM lineage_records WHERE run_id = @run AND source = @s AND reason IS NOT NULL GROUP BY reason", ("s", source));
        var flagged = Scalar("SELECT COUNT(*) FROM lineage_records WHERE run_id = @run AND source = @s AND disposition = 'kept' AND COALESCE(p_synthetic, p_machine) >= @t",
            ("s", source), ("t", Threshold()));
        return new SourceSummary(source, byDisposition.Values.Sum(), byDisposition, reasons, byDisposition.GetValueOrDefault("kept"), flagged);
    }

    public ReleaseDiff Diff(string olderReleaseDirectory)
    {
        var older = RunIdOf(olderReleaseDirectory);
        RequireLoaded(older, olderReleaseDirectory);
        var entered = KeptOnlyIn("run", "older", "was", "new input", older);
        var left = KeptOnlyIn("older", "run", "now", "no longer in the input", older);
        return new ReleaseDiff(Scalar("SELECT COUNT(*) FROM lineage_records WHERE run_id = @older AND disposition = 'kept'", ("older", older)),
            Scalar("SELECT COUNT(*) FROM lineage_records WHERE run_id = @run AND disposition = 'kept'"), entered, left);
    }

    private void RequireLoaded(string runId, string releaseDirectory)
    {
        if (Scalar("SELECT COUNT(*) FROM lineage_runs WHERE run_id = @id", ("id", runId)) == 0)
            throw new ConfigurationException(
                $"run {runId} of {releaseDirectory} is not in the PostgreSQL lineage store; load it with: provguard lineage load {releaseDirectory} --store CONNECTION");
    }

    private IReadOnlyList<StoredEvent> Events(long record)
    {
        return LineageRows.Events(Command("SELECT stage, version, parameters_hash, decision FROM lineage_events WHERE run_id = @run AND record = @r ORDER BY seq",
            ("r", record)));
    }

    private double Threshold()
    {
        using var command = Command("SELECT synthetic_threshold FROM lineage_runs WHERE run_id = @run");
        return Convert.ToDouble(command.ExecuteScalar());
    }

    /// <summary>
    /// Records the run bound as @<paramref name="here"/> kept whose text the run bound as @<paramref name="there"/> did
    /// not keep, each with what became of the text there ("<paramref name="verb"/> duplicate (…)") or, when it is not
    /// there at all, <paramref name="absent"/>. @run is this release, @older the one compared with.
    /// </summary>
    private List<DiffEntry> KeptOnlyIn(string here, string there, string verb, string absent, string olderRunId) =>
        LineageRows.DiffEntries(Command($"""
            SELECT a.content_sha256, a.id, a.source,
                   COALESCE((SELECT '{verb} ' || b.disposition || COALESCE(' (' || b.reason || ')', '') FROM lineage_records b
                             WHERE b.run_id = @{there} AND b.content_sha256 = a.content_sha256 ORDER BY b.record LIMIT 1), '{absent}')
            FROM lineage_records a WHERE a.run_id = @{here} AND a.disposition = 'kept'
              AND NOT EXISTS (SELECT 1 FROM lineage_records b WHERE b.run_id = @{there} AND b.content_sha256 = a.content_sha256 AND b.disposition = 'kept')
            ORDER BY a.record
            """, ("older", olderRunId)));

    private List<string> Strings(string sql, params (string Name, object Value)[] parameters) => LineageRows.Strings(Command(sql, parameters));

    private SortedDictionary<string, long> Counts(string sql, params (string Name, object Value)[] parameters) =>
        LineageRows.Counts(Command(sql, parameters));

    private long Scalar(string sql, params (string Name, object Value)[] parameters) => LineageRows.Scalar(Command(sql, parameters));

    /// <summary>A command with the release's run id bound as @run, plus <paramref name="parameters"/>.</summary>
    private NpgsqlCommand Command(string sql, params (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, _connection);
        command.Parameters.AddWithValue("run", _runId);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return command;
    }

    private static string? Nullable(object value) => value is DBNull ? null : (string)value;

    public void Dispose() => _connection.Dispose();
}
