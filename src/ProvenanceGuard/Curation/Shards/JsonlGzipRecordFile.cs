using System.IO.Compression;
using System.Text.Json;
using ProvenanceGuard.Records;

namespace ProvenanceGuard.Curation.Shards;

/// <summary>
/// A gzip-compressed JSONL file of records written atomically (shards, the rejected file, the dispositions
/// file). Gzip at the fastest level: shards are written once per release and read many times elsewhere.
/// </summary>
public sealed class JsonlGzipRecordFile : IShardWriter
{
    private readonly AtomicFile _file;
    private readonly HashingWriteStream _hashing;
    private readonly GZipStream _gzip;
    private readonly LineBuffer _lines;
    private readonly Utf8JsonWriter _json;
    private readonly string _name;
    private readonly Action<Utf8JsonWriter, Record> _writeRecord;
    private long _rows;

    public JsonlGzipRecordFile(string directory, string fileName, Action<Utf8JsonWriter, Record>? writeRecord = null)
    {
        _name = fileName;
        _file = new AtomicFile(Path.Combine(directory, fileName));
        _hashing = new HashingWriteStream(_file.Stream);
        _gzip = new GZipStream(_hashing, CompressionLevel.Fastest, leaveOpen: true);
        // Records are written one small JSON object at a time; deflate works best on large blocks.
        _lines = new LineBuffer(_gzip);
        _json = new Utf8JsonWriter(_lines, RecordJson.WriterOptions);
        _writeRecord = writeRecord ?? ((w, r) => RecordJson.Write(w, r));
    }

    public void Write(Record record)
    {
        _writeRecord(_json, record);
        _json.Flush();
        _json.Reset();
        _lines.EndLine();
        _rows++;
    }

    public ShardInfo Complete()
    {
        _json.Dispose();
        _lines.Flush();
        _gzip.Dispose();
        _hashing.Flush();
        var info = new ShardInfo(_name.Replace('\\', '/'), _hashing.Sha256(), _hashing.BytesWritten, _rows);
        _file.Commit();
        return info;
    }

    public void Dispose()
    {
        _json.Dispose();
        _gzip.Dispose();
        _hashing.Dispose();
        _file.Dispose();
    }
}

/// <summary>Shards as gzip-compressed JSON lines (Parquet shards arrive with the Parquet codec).</summary>
public sealed class JsonlGzipShardFormat : IShardFormat
{
    public string Name => "jsonl.gz";
    public string Extension => ".jsonl.gz";
    public IShardWriter Create(string directory, string fileName) => new JsonlGzipRecordFile(directory, fileName);
}
