namespace ProvenanceGuard.Lineage;

/// <summary>Loads a written release's lineage (its manifest and dispositions file) into a lineage store.</summary>
public interface ILineageWriter
{
    /// <summary>Loads the release; loading the same release again never doubles a record.</summary>
    LineageLoadResult Load(string releaseDirectory);
}

/// <summary>The default store: the release's own lineage.db (SQLite), rebuilt from scratch on every load.</summary>
public sealed class SqliteLineageWriter : ILineageWriter
{
    public LineageLoadResult Load(string releaseDirectory) => LineageLoader.Load(releaseDirectory);
}

/// <summary>Where lineage goes (configuration key Lineage:ConnectionString): empty for the release's lineage.db, or a PostgreSQL connection string shared by many workers.</summary>
public sealed record LineageStoreOptions
{
    public string? ConnectionString { get; init; }
}

/// <summary>Picks the lineage backend a configuration names.</summary>
public static class LineageWriters
{
    public static ILineageWriter Create(LineageStoreOptions options, TimeProvider? clock = null, Random? jitter = null) =>
        string.IsNullOrWhiteSpace(options.ConnectionString)
            ? new SqliteLineageWriter()
            : new Postgres.PostgresLineageWriter(new Postgres.PostgresLineageOptions { ConnectionString = options.ConnectionString }, jitter ?? new Random(0));
}
