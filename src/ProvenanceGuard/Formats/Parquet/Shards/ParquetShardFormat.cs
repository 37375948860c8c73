using ProvenanceGuard.Curation.Shards;

namespace ProvenanceGuard.Formats.Parquet.Shards;

/// <summary>
/// Parquet training shards (the schema in <see cref="ShardColumns"/>), written with this project's codec. The
/// format's writers share one <see cref="ParquetWriterMemory"/>, so a run's shards reuse each other's buffers.
/// </summary>
public sealed class ParquetShardFormat : IShardFormat
{
    private readonly ParquetShardOptions _options;
    private readonly ParquetWriterMemory _memory = new();

    public ParquetShardFormat(ParquetShardOptions? options = null) => _options = options ?? new ParquetShardOptions();

    public string Name => "parquet";
    public string Extension => ".parquet";

    public IShardWriter Create(string directory, string fileName) => new ParquetShardWriter(directory, fileName, _options, _memory);
}
