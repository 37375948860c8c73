using ProvenanceGuard.Curation.Shards;
using ProvenanceGuard.Records;

namespace ProvenanceGuard.Formats.Parquet.Shards;

/// <summary>
/// Writes kept records into one Parquet shard through an <see cref="AtomicFile"/>: only <see cref="Complete"/>
/// finishes the footer, flushes to disk and renames it into place, so a crash never leaves a partial shard under
/// its final name. The SHA-256 and size are computed while writing.
/// </summary>
public sealed class ParquetShardWriter : IShardWriter
{
    private readonly string _fileName;
    private readonly AtomicFile _file;
    private readonly HashingWriteStream _hashing;
    private readonly ParquetFileWriter _writer;
    private readonly LineageJson _lineage = new();
    private long _rows;
    private bool _completed;

    /// <param name="fileName">The shard's name relative to <paramref name="directory"/> (it may sit in a subfolder, e.g. shards/).</param>
    /// <param name="memory">Buffers shared with the run's other shard writers (see <see cref="ParquetWriterMemory"/>); null: its own.</param>
    public ParquetShardWriter(string directory, string fileName, ParquetShardOptions options, ParquetWriterMemory? memory = null)
    {
        _fileName = fileName.Replace('\\', '/');
        _file = new AtomicFile(Path.Combine(directory, fileName));
        _hashing = new HashingWriteStream(_file.Stream);
        var metadata = new List<KeyValuePair<string, string>> { new(ShardColumns.SchemaVersionKey, ShardColumns.SchemaVersion) };
        metadata.AddRange(options.KeyValueMetadata);
        _writer = new ParquetFileWriter(_hashing, ShardColumns.All, new ParquetWriterOptions
        {
            Compression = options.Compression,
            ZstdLevel = options.ZstdLevel,
            RowGroupRows = options.RowGroupRows,
            RowGroupBytes = options.RowGroupBytes,
            PageBytes = options.PageBytes,
            KeyValueMetadata = metadata,
        }, leaveOpen: true, memory);
    }

    /// <summary>Appends a record; its <c>shard_row</c> is its 0-based position in this shard.</summary>
    public void Write(Record record)
    {
        if (_completed) throw new InvalidOperationException("the shard is already complete");
        var a = record.Attributes;
        _writer.WriteString(ShardColumns.Id, record.Id);
        if (record.TryGetUtf8Text(out var utf8)) _writer.WriteBytes(ShardColumns.Text, utf8);
        else _writer.WriteString(ShardColumns.Text, record.Text);
        _writer.WriteString(ShardColumns.Source, record.Source);
        _writer.WriteString(ShardColumns.ContentSha256, record.ContentSha256);
        _writer.WriteDouble(ShardColumns.PMachine, a.PMachine);
        _writer.WriteDouble(ShardColumns.Llr, a.LogLikelihoodRatio);
        _writer.WriteString(ShardColumns.Detector, a.Detector);
        _writer.WriteBoolean(ShardColumns.TooShort, a.TooShortToJudge);
        _writer.WriteString(ShardColumns.OriginFile, record.Origin.File);
        _writer.WriteInt64(ShardColumns.OriginLine, record.Origin.Line);
        _writer.WriteString(ShardColumns.MetadataJson, record.MetadataJson);
        _writer.WriteBytes(ShardColumns.LineageJson, _lineage.Serialize(record.Lineage));
        _writer.WriteInt64(ShardColumns.ShardRow, _rows);
        _writer.WriteDouble(ShardColumns.PSynthetic, a.PSynthetic);
        _writer.EndRow();
        _rows++;
    }

    public ShardInfo Complete()
    {
        if (_completed) throw new InvalidOperationException("the shard is already complete");
        _writer.Finish();
        var bytes = _hashing.BytesWritten;
        var digest = _hashing.Sha256();
        _file.Commit();
        _completed = true;
        return new ShardInfo(_fileName, digest, bytes, _rows);
    }

    public void Dispose()
    {
        _writer.Dispose();
        _hashing.Dispose();
        _file.Dispose();
    }
}
