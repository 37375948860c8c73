using ProvenanceGuard.Records;

namespace ProvenanceGuard.Curation;

/// <summary>
/// A decided stretch of the record stream: every record in it (canonical order) with its disposition,
/// and the kept ones, which form one shard. The quota holds within each window, hence within each shard.
/// </summary>
public sealed record ShardWindow(int Index, string? ShardFile, IReadOnlyList<Record> Records, IReadOnlyList<Record> Kept);
