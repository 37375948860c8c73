namespace ProvenanceGuard.Curation.Shards;

/// <summary>A finished shard: its file name (relative to the release), digest, size and row count.</summary>
public sealed record ShardInfo(string File, string Sha256, long Bytes, long Rows);
