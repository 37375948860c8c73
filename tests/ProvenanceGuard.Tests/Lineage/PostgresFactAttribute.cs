namespace ProvenanceGuard.Tests.Lineage;

/// <summary>A fact that needs a PostgreSQL server: skipped with the reason unless PROVGUARD_TEST_POSTGRES holds a connection string.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public const string Variable = "PROVGUARD_TEST_POSTGRES";

    public PostgresFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(Variable)))
            Skip = $"{Variable} is not set: start a throwaway server with eval \"$(tests/postgres/start.sh)\"";
    }
}
