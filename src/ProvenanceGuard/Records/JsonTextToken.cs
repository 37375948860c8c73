using System.Text.Json;

namespace ProvenanceGuard.Records;

/// <summary>
/// A record's text kept as the JSON string token it arrived in (quotes and escapes included), inside the input batch's
/// buffer. Shards copy the token as it is; the text is decoded only where something reads it. A record waiting in a
/// shard window then holds no text string of its own, which the garbage collector would otherwise copy from
/// generation to generation until the window is written.
/// </summary>
/// <param name="Length">The decoded text's length in UTF-16 code units.</param>
public readonly record struct JsonTextToken(ReadOnlyMemory<byte> Utf8Json, int Length)
{
    public string Decode()
    {
        var reader = new Utf8JsonReader(Utf8Json.Span);
        reader.Read();
        return reader.GetString()!;
    }
}
