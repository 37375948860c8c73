using Microsoft.Data.Sqlite;

namespace ProvenanceGuard.Lineage;

/// <summary>One record as the lineage store knows it, with its stage events and the records that duplicate it.</summary>
public sealed record TracedRecord(
    string Id, string ContentSha256, string Source, string OriginFile, long OriginLine, long OriginOffset, IReadOnlyList<string> InputPaths,
    double? PMachine, string Disposition, string? Reason, string? Shard, long? Row, string? DuplicateOf,
    IReadOnlyList<StoredEvent> Events, IReadOnlyList<string> Duplicates, double? PSynthetic = null);

public sealed record StoredEvent(string Stage, string Version, string ParametersHash, string Decision);

/// <summary>What one shard holds: rows per source, and how many are flagged synthetic.</summary>
public sealed record ShardComposition(string Shard, long Rows, long FlaggedSynthetic, double? MeanPMachine, IReadOnlyDictionary<string, long> RowsBySource);

/// <summary>What became of one source's records.</summary>
public sealed record SourceSummary(string Source, long Records, IReadOnlyDictionary<string, long> ByDisposition, IReadOnlyDictionary<string, long> RejectedByReason,
    long Kept, long KeptFlaggedSynthetic)
{
    public double? SyntheticShareKept => Kept == 0 ? null : (double)KeptFlaggedSynthetic / Kept;
}

/// <summary>Between two releases: texts (by content hash) kept in the new one only, and kept in the old one only with what happened to them.</summary>
public sealed record ReleaseDiff(long KeptBefore, long KeptAfter, IReadOnlyList<DiffEntry> Entered, IReadOnlyList<DiffEntry> Left);

public sealed record DiffEntry(string ContentSha256, string Id, string Source, string Why);

/// <summary>
/// Queries over a release's lineage.db (SQLite): trace a record by id or content hash, a shard's composition,
/// a source's fate, and the difference between two releases.
/// </summary>
public sealed class LineageStore : ILineageQueries
{
    private readonly SqliteConnection _connection;

    private LineageStore(SqliteConnection connection) => _connection = connection;

    public static LineageStore Open(string releaseDirectory)
    {
        var path = Path.Combine(releaseDirectory, LineageLoader.DatabaseFile);
        if (!File.Exists(path)) throw new ConfigurationException($"{path} not found; build it with: provguard lineage load {releaseDirectory}");
        var connection = OpenConnection(path, create: false);
        LineageSchema.Migrate(connection);
        return new LineageStore(connection);
    }

    internal static SqliteConnection OpenConnection(string path, bool create)
    {
        SQLitePCL.Batteries_V2.Init();
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = create ? SqliteOpenMode.ReadWriteCreate : SqliteOpenMode.ReadWrite,
            Pooling = false,
        }.ToString());
        connection.Open();
        return connection;
    }

    /// <summary>Every record whose id is <paramref name="idOrHash"/>, or whose content hash is (duplicates share a hash).</summary>
    public IReadOnlyList<TracedRecord> Trace(string idOrHash)
    {
        var found = new List<TracedRecord>();
        using var command = Command("""
            SELECT record, id, content_sha256, source, origin_file, origin_line, origin_offset, p_machine, disposition, reason, shard, row, duplicate_of, p_synthetic
            FROM records WHERE id = $key OR content_sha256 = $key ORDER BY record
            """, ("$key", idOrHash));
        using var reader = command.ExecuteReader();
        var rows = new List<(long Record, object[] Values)>();
        while (reader.Read())
        {
            var values = new object[reader.FieldCount];
            reader.GetValues(values);
            rows.Add((reader.GetInt64(0), values));
        }
        foreach (var (record, v) in rows)
        {
            var id = (string)v[1];
            found.Add(new TracedRecord(id, (string)v[2], (string)v[3], (string)v[4], (long)v[5], (long)v[6], InputPaths((string)v[3]),
                v[7] is DBNull ? null : Convert.ToDouble(v[7]), (string)v[8], Nullable(v[9]), Nullable(v[10]), v[11] is DBNull ? null : (long)v[11],
                Nullable(v[12]), Events(record), Strings("SELECT id FROM records WHERE duplicate_of = $key ORDER BY record", ("$key", id)),
                v[13] is DBNull ? null : Convert.ToDouble(v[13])));
        }
        return found;
    }

    public ShardComposition Shard(string shard)
    {
        var threshold = Threshold();
        var command = Command("""
            SELECT source, COUNT(*), SUM(COALESCE(p_synthetic, p_machine) >= $t), AVG(p_machine) FROM records
            WHERE disposition = 'kept' AND (shard = $shard OR shard LIKE '%/' || $shard) GROUP BY source ORDER BY source
            """, ("$shard", shard), ("$t", threshold));
        return LineageRows.Shard(command, shard);
    }

    public SourceSummary Source(string source)
    {
        var byDisposition = Counts("SELECT disposition, COUNT(*) FROM records WHERE source = $s GROUP BY disposition", ("$s", source));
        if (byDisposition.Count == 0) throw new ConfigurationException($"no source '{source}' in this release");
        var reasons = Counts("SELECT reason, COUNT(*) FROM records WHERE source = $s AND reason IS NOT NULL GROUP BY reason", ("$s", source));
        var flagged = Scalar("SELECT COUNT(*) FROM records WHERE source = $s AND disposition = 'kept' AND COALESCE(p_synthetic, p_machine) >= $t", ("$s", source), ("$t", Threshold()));
        return new SourceSummary(source, byDisposition.Values.Sum(), byDisposition, reasons, byDisposition.GetValueOrDefault("kept"), flagged);
    }

    /// <summary>Compares this (newer) release with an older one, by content hash of kept records.</summary>
    public ReleaseDiff Diff(string olderReleaseDirectory)
    {
        var older = Path.Combine(olderReleaseDirectory, LineageLoader.DatabaseFile);
        if (!File.Exists(older)) throw new ConfigurationException($"{older} not found; build it with: provguard lineage load {olderReleaseDirectory}");
        using (var attach = Command("ATTACH DATABASE $path AS older", ("$path", older))) attach.ExecuteNonQuery();
        try
        {
            var entered = KeptOnlyIn("records", "older.records", "was", "new input");
            var left = KeptOnlyIn("older.records", "records", "now", "no longer in the input");
            return new ReleaseDiff(Scalar("SELECT COUNT(*) FROM older.records WHERE disposition = 'kept'"),
                Scalar("SELECT COUNT(*) FROM records WHERE disposition = 'kept'"), entered, left);
        }
        finally
        {
            using var detach = Command("DETACH DATABASE older");
            detach.ExecuteNonQuery();
        }
    }

    private IReadOnlyList<StoredEvent> Events(long record)
    {
        return LineageRows.Events(Command("""
            SELECT s.stage, s.version, s.parameters_hash, e.decision FROM events e JOIN stages s ON s.stage_id = e.stage_id
            WHERE e.record = $r ORDER BY e.seq
            """, ("$r", record)));
    }

    private IReadOnlyList<string> InputPaths(string source) => Strings("SELECT path FROM input_files WHERE source = $s ORDER BY file_index", ("$s", source));

    private double Threshold() => Convert.ToDouble(Command("SELECT synthetic_threshold FROM runs LIMIT 1").ExecuteScalar());

    /// <summary>
    /// Records kept in table <paramref name="here"/> whose text no record of <paramref name="there"/> kept, each with what
    /// became of the text there ("<paramref name="verb"/> duplicate (…)") or, when it is not there at all, <paramref name="absent"/>.
    /// </summary>
    private List<DiffEntry> KeptOnlyIn(string here, string there, string verb, string absent) => LineageRows.DiffEntries(Command($"""
        SELECT a.content_sha256, a.id, a.source,
               COALESCE((SELECT '{verb} ' || b.disposition || COALESCE(' (' || b.reason || ')', '') FROM {there} b
                         WHERE b.content_sha256 = a.content_sha256 ORDER BY b.record LIMIT 1), '{absent}')
        FROM {here} a WHERE a.disposition = 'kept'
          AND NOT EXISTS (SELECT 1 FROM {there} b WHERE b.content_sha256 = a.content_sha256 AND b.disposition = 'kept')
        ORDER BY a.record
        """));

    private List<string> Strings(string sql, params (string Name, object Value)[] parameters) => LineageRows.Strings(Command(sql, parameters));

    private SortedDictionary<string, long> Counts(string sql, params (string Name, object Value)[] parameters) =>
        LineageRows.Counts(Command(sql, parameters));

    private long Scalar(string sql, params (string Name, object Value)[] parameters) => LineageRows.Scalar(Command(sql, parameters));

    private SqliteCommand Command(string sql, params (string Name, object Value)[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return command;
    }

    private static string? Nullable(object value) => value is DBNull ? null : (string)value;

    public void Dispose() => _connection.Dispose();
}
