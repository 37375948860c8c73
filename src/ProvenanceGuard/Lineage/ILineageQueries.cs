namespace ProvenanceGuard.Lineage;

/// <summary>
/// The questions a lineage store answers about one release: trace a record, a shard's composition, a source's fate, and
/// what changed since an older release. Answered by the release's lineage.db (<see cref="LineageStore"/>) or by the
/// shared PostgreSQL store (<see cref="Postgres.PostgresLineageStore"/>), identically.
/// </summary>
public interface ILineageQueries : IDisposable
{
    IReadOnlyList<TracedRecord> Trace(string idOrHash);
    ShardComposition Shard(string shard);
    SourceSummary Source(string source);
    /// <summary>Compares this (newer) release with the release in <paramref name="olderReleaseDirectory"/>, by content hash of kept records.</summary>
    ReleaseDiff Diff(string olderReleaseDirectory);
}

/// <summary>Opens the lineage store a configuration names for a release: its lineage.db, or the shared PostgreSQL store.</summary>
public static class LineageStores
{
    public static ILineageQueries Open(string releaseDirectory, LineageStoreOptions options) =>
        string.IsNullOrWhiteSpace(options.ConnectionString)
            ? LineageStore.Open(releaseDirectory)
            : Postgres.PostgresLineageStore.Open(options.ConnectionString, releaseDirectory);
}
