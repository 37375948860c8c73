using Microsoft.Data.Sqlite;

namespace ProvenanceGuard.Lineage;

/// <summary>
/// The lineage database's schema as numbered migrations: a database at version N gets migrations N+1.. applied
/// in one transaction each, so a store written by an older release of the tool opens with a newer one.
/// </summary>
internal static class LineageSchema
{
    /// <summary>The lookup indexes; a bulk load drops them first and builds them once at the end, which is far faster than maintaining them row by row.</summary>
    public static readonly string[] Indexes =
    [
        "CREATE INDEX IF NOT EXISTS records_by_id ON records (id)",
        "CREATE INDEX IF NOT EXISTS records_by_hash ON records (content_sha256)",
        "CREATE INDEX IF NOT EXISTS records_by_shard ON records (shard, row)",
        "CREATE INDEX IF NOT EXISTS records_by_source ON records (source)",
        "CREATE INDEX IF NOT EXISTS records_by_duplicate_of ON records (duplicate_of)",
    ];

    // Declared after Indexes: static fields initialize in order.
    private static readonly string[][] Migrations =
    [
        // 1: runs, sources, inputs, records with their disposition, stage events
        [
            "CREATE TABLE runs (run_id TEXT PRIMARY KEY, created_at TEXT NOT NULL, pipeline TEXT NOT NULL, config_sha256 TEXT NOT NULL, code_version TEXT NOT NULL, detector TEXT, synthetic_threshold REAL NOT NULL, manifest_sha256 TEXT NOT NULL)",
            "CREATE TABLE sources (run_id TEXT NOT NULL REFERENCES runs(run_id), name TEXT NOT NULL, PRIMARY KEY (run_id, name))",
            "CREATE TABLE input_files (run_id TEXT NOT NULL REFERENCES runs(run_id), file_index INTEGER NOT NULL, source TEXT NOT NULL, path TEXT NOT NULL, format TEXT NOT NULL, sha256 TEXT NOT NULL, bytes INTEGER NOT NULL, records INTEGER NOT NULL, PRIMARY KEY (run_id, file_index))",
            "CREATE TABLE records (record INTEGER PRIMARY KEY, run_id TEXT NOT NULL REFERENCES runs(run_id), id TEXT NOT NULL, content_sha256 TEXT NOT NULL, source TEXT NOT NULL, origin_file TEXT NOT NULL, origin_line INTEGER NOT NULL, origin_offset INTEGER NOT NULL, p_machine REAL, disposition TEXT NOT NULL, reason TEXT, shard TEXT, row INTEGER, duplicate_of TEXT)",
            // A stage (name, version, parameters) is stored once; events point at it.
            "CREATE TABLE stages (stage_id INTEGER PRIMARY KEY, stage TEXT NOT NULL, version TEXT NOT NULL, parameters_hash TEXT NOT NULL, UNIQUE (stage, version, parameters_hash))",
            "CREATE TABLE events (record INTEGER NOT NULL REFERENCES records(record), seq INTEGER NOT NULL, stage_id INTEGER NOT NULL REFERENCES stages(stage_id), decision TEXT NOT NULL, PRIMARY KEY (record, seq)) WITHOUT ROWID",
            .. Indexes,
        ],
        // 2: the fused P(synthetic) of pipelines that fuse evidence; flagged counts judge by it where present
        [
            "ALTER TABLE records ADD COLUMN p_synthetic REAL",
        ],
    ];

    public static IEnumerable<string> DropIndexes() => Indexes.Select(sql => "DROP INDEX IF EXISTS " + sql.Split(' ')[5]);

    public static int Latest => Migrations.Length;

    public static void Migrate(SqliteConnection connection)
    {
        Execute(connection, null, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version";
        var current = Convert.ToInt32(read.ExecuteScalar());
        if (current > Latest)
            throw new InvalidDataException($"lineage database is at schema version {current}, newer than this tool knows ({Latest}); upgrade provguard");
        for (var version = current + 1; version <= Latest; version++)
        {
            using var transaction = connection.BeginTransaction();
            foreach (var statement in Migrations[version - 1]) Execute(connection, transaction, statement);
            Execute(connection, transaction, $"INSERT INTO schema_version (version) VALUES ({version})");
            transaction.Commit();
        }
    }

    internal static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
