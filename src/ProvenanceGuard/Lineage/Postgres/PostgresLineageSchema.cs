using Npgsql;

namespace ProvenanceGuard.Lineage.Postgres;

/// <summary>
/// The shared PostgreSQL lineage schema as numbered migrations. Many runs share the tables, keyed by run_id; many
/// workers may migrate at once, so each migration runs under a transaction-scoped advisory lock.
/// </summary>
internal static class PostgresLineageSchema
{
    private const long MigrationLock = 0x70726F7667756172; // "provguar"

    private static readonly string[][] Migrations =
    [
        [
            "CREATE TABLE lineage_runs (run_id text PRIMARY KEY, created_at timestamptz NOT NULL, pipeline text NOT NULL, config_sha256 text NOT NULL, code_version text NOT NULL, detector text, synthetic_threshold double precision NOT NULL, manifest_sha256 text NOT NULL)",
            "CREATE TABLE lineage_input_files (run_id text NOT NULL REFERENCES lineage_runs, file_index integer NOT NULL, source text NOT NULL, path text NOT NULL, format text NOT NULL, sha256 text NOT NULL, bytes bigint NOT NULL, records bigint NOT NULL, PRIMARY KEY (run_id, file_index))",
            "CREATE TABLE lineage_records (run_id text NOT NULL REFERENCES lineage_runs, record bigint NOT NULL, id text NOT NULL, content_sha256 text NOT NULL, source text NOT NULL, origin_file text NOT NULL, origin_line bigint, origin_offset bigint, p_machine double precision, disposition text NOT NULL, reason text, shard text, \"row\" bigint, duplicate_of text, PRIMARY KEY (run_id, record))",
            "CREATE TABLE lineage_events (run_id text NOT NULL, record bigint NOT NULL, seq integer NOT NULL, stage text NOT NULL, version text NOT NULL, parameters_hash text NOT NULL, decision text NOT NULL, PRIMARY KEY (run_id, record, seq))",
            "CREATE INDEX lineage_records_by_id ON lineage_records (id)",
            "CREATE INDEX lineage_records_by_hash ON lineage_records (content_sha256)",
            "CREATE INDEX lineage_records_by_shard ON lineage_records (run_id, shard, \"row\")",
        ],
        [
            // Lineage queries: a record's duplicates, a source's records.
            "CREATE INDEX lineage_records_by_duplicate_of ON lineage_records (run_id, duplicate_of)",
            "CREATE INDEX lineage_records_by_source ON lineage_records (run_id, source)",
        ],
        [
            // The fused P(synthetic) of pipelines that fuse evidence; flagged counts judge by it where present.
            "ALTER TABLE lineage_records ADD COLUMN p_synthetic double precision",
        ],
    ];

    public static int Latest => Migrations.Length;

    public static void Migrate(NpgsqlConnection connection)
    {
        using var transaction = connection.BeginTransaction();
        Execute(connection, transaction, $"SELECT pg_advisory_xact_lock({MigrationLock})");
        Execute(connection, transaction, "CREATE TABLE IF NOT EXISTS lineage_schema_version (version integer NOT NULL)");
        using var read = new NpgsqlCommand("SELECT COALESCE(MAX(version), 0) FROM lineage_schema_version", connection, transaction);
        var current = Convert.ToInt32(read.ExecuteScalar());
        if (current > Latest)
            throw new InvalidDataException($"the PostgreSQL lineage store is at schema version {current}, newer than this tool knows ({Latest}); upgrade provguard");
        for (var version = current + 1; version <= Latest; version++)
        {
            foreach (var statement in Migrations[version - 1]) Execute(connection, transaction, statement);
            Execute(connection, transaction, $"INSERT INTO lineage_schema_version (version) VALUES ({version})");
        }
        transaction.Commit();
    }

    internal static int Execute(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection, transaction);
        return command.ExecuteNonQuery();
    }
}
