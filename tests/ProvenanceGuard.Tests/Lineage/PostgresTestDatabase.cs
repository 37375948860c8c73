using Npgsql;

namespace ProvenanceGuard.Tests.Lineage;

/// <summary>A fresh database on the server PROVGUARD_TEST_POSTGRES names, dropped on dispose; inert when the variable is unset.</summary>
public sealed class PostgresTestDatabase : IDisposable
{
    private readonly string? _name;

    public PostgresTestDatabase()
    {
        var server = Environment.GetEnvironmentVariable(PostgresFactAttribute.Variable);
        if (string.IsNullOrWhiteSpace(server)) return;
        _name = "provguard_test_" + Guid.NewGuid().ToString("N")[..12];
        using (var admin = new NpgsqlConnection(server))
        {
            admin.Open();
            using var create = new NpgsqlCommand($"CREATE DATABASE {_name}", admin);
            create.ExecuteNonQuery();
        }
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = _name, Pooling = false }.ToString();
    }

    public string? ConnectionString { get; }

    public void Dispose()
    {
        if (_name is null) return;
        NpgsqlConnection.ClearAllPools();
        using var admin = new NpgsqlConnection(Environment.GetEnvironmentVariable(PostgresFactAttribute.Variable));
        admin.Open();
        using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)", admin);
        drop.ExecuteNonQuery();
    }
}
