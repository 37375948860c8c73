using System.Text.Json;
using ProvenanceGuard.Curation.Shards;
using ProvenanceGuard.Records;

namespace ProvenanceGuard.Formats.Parquet.Shards;

/// <summary>Serializes a record's lineage trail as the shard's <c>lineage_json</c>: an array of {stage, version, parameters_hash, decision}.</summary>
internal sealed class LineageJson
{
    private readonly MemoryStream _buffer = new();
    private readonly Utf8JsonWriter _writer;

    public LineageJson() => _writer = new Utf8JsonWriter(_buffer, RecordJson.WriterOptions);

    public ReadOnlySpan<byte> Serialize(IReadOnlyList<LineageEvent> events)
    {
        _buffer.SetLength(0);
        _writer.Reset(_buffer);
        RecordJson.WriteLineageEvents(_writer, events);
        _writer.Flush();
        return _buffer.GetBuffer().AsSpan(0, (int)_buffer.Length);
    }
}
