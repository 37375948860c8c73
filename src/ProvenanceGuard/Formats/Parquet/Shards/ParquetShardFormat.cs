using ProvenanceGuard.Curation.Shards;

namespace ProvenanceGuard.Formats.Parquet.Shards;

/// <summary>Parquet training shards (the schema in <see cref="ShardColumns"/>), written with this project's codec.</summary>
public sealed class ParquetShardFormat : IShardFormat
{
    private readonly ParquetShardOptions _options;

    public ParquetShardFormat(ParquetShardOptions? options = null) => _options = options ?? new ParquetShardOptions();

    public string Name => "parquet";
    public string Extension => ".parquet";

    public IShardWriter Create(string directory, string fileName) => new ParquetShardWriter(directory, fileName, _options);
}
