using Npgsql;
using ProvenanceGuard.Lineage;
using ProvenanceGuard.Lineage.Postgres;

namespace ProvenanceGuard.Bench.Lineage;

/// <summary>
/// Records/s into the PostgreSQL lineage store against the SQLite lineage.db, on the same synthetic release as
/// <see cref="LineageBench"/> (six events per record). Each PostgreSQL load goes into a fresh database on the server
/// named by --connection or PROVGUARD_TEST_POSTGRES (start one with tests/postgres/start.sh).
/// </summary>
internal static class PostgresBench
{
    public static int Run(string[] args)
    {
        var records = Option(args, "--records") is { } n ? int.Parse(n) : 100_000;
        var repeats = Option(args, "--repeats") is { } r ? int.Parse(r) : 3;
        var server = Option(args, "--connection") ?? Environment.GetEnvironmentVariable("PROVGUARD_TEST_POSTGRES");
        if (string.IsNullOrWhiteSpace(server))
        {
            Console.Error.WriteLine("postgres bench: pass --connection or set PROVGUARD_TEST_POSTGRES (eval \"$(tests/postgres/start.sh)\")");
            return 2;
        }
        var release = Path.Combine(Path.GetTempPath(), $"provguard-lineage-bench-{records}");
        LineageBench.WriteRelease(release, records);

        var sqlite = new List<double>();
        var postgres = new List<double>();
        for (var i = 0; i < repeats; i++)
        {
            sqlite.Add(LineageLoader.Load(release).RecordsPerSecond);
            var database = $"provguard_bench_{Environment.ProcessId}_{i}";
            Admin(server, $"CREATE DATABASE {database}");
            try
            {
                var connection = new NpgsqlConnectionStringBuilder(server) { Database = database }.ToString();
                postgres.Add(new PostgresLineageWriter(new PostgresLineageOptions { ConnectionString = connection }, new Random(i)).Load(release).RecordsPerSecond);
            }
            finally
            {
                NpgsqlConnection.ClearAllPools();
                Admin(server, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
            }
        }
        sqlite.Sort();
        postgres.Sort();
        Console.WriteLine($"| records | SQLite lineage.db, records/s (median of {repeats}) | PostgreSQL (binary COPY, 50k-record batches), records/s | PostgreSQL / SQLite |");
        Console.WriteLine("|---|---|---|---|");
        Console.WriteLine($"| {records:N0} | {sqlite[repeats / 2]:N0} | {postgres[repeats / 2]:N0} | {postgres[repeats / 2] / sqlite[repeats / 2]:0.00} |");
        return 0;
    }

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static void Admin(string server, string sql)
    {
        using var connection = new NpgsqlConnection(server);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
