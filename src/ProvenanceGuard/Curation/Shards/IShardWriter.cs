using ProvenanceGuard.Records;

namespace ProvenanceGuard.Curation.Shards;

/// <summary>
/// Writes one shard of kept records. Nothing appears under the final name until <see cref="Complete"/>
/// (write to a temporary file, flush, rename); disposing without completing deletes the temporary file.
/// </summary>
public interface IShardWriter : IDisposable
{
    void Write(Record record);
    ShardInfo Complete();
}

/// <summary>A shard file format (JSONL.gz, Parquet, ...): its extension and how to open a writer.</summary>
public interface IShardFormat
{
    string Name { get; }
    string Extension { get; }
    /// <param name="directory">The release directory.</param>
    /// <param name="fileName">The shard's final file name, including <see cref="Extension"/>.</param>
    IShardWriter Create(string directory, string fileName);
}
