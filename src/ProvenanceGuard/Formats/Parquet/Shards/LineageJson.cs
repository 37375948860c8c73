using System.Text.Json;
using ProvenanceGuard.Records;

namespace ProvenanceGuard.Formats.Parquet.Shards;

/// <summary>Serializes a record's lineage trail as the shard's <c>lineage_json</c>: an array of {stage, version, parameters_hash, decision}.</summary>
internal sealed class LineageJson
{
    private readonly MemoryStream _buffer = new();
    private readonly Utf8JsonWriter _writer;

    public LineageJson() => _writer = new Utf8JsonWriter(_buffer);

    public ReadOnlySpan<byte> Serialize(IReadOnlyList<LineageEvent> events)
    {
        _buffer.SetLength(0);
        _writer.Reset(_buffer);
        _writer.WriteStartArray();
        foreach (var e in events)
        {
            _writer.WriteStartObject();
            _writer.WriteString("stage", e.Stage);
            _writer.WriteString("version", e.Version);
            _writer.WriteString("parameters_hash", e.ParametersHash);
            _writer.WriteString("decision", e.Decision);
            _writer.WriteEndObject();
        }
        _writer.WriteEndArray();
        _writer.Flush();
        return _buffer.GetBuffer().AsSpan(0, (int)_buffer.Length);
    }
}
