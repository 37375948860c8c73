using System.Buffers;
using System.Text.Json;
using ProvenanceGuard.Curation.Shards;

namespace ProvenanceGuard.Tests.Curation.Shards;

public class JsonStringEncoderTests
{
    [Theory]
    [InlineData("plain text")]
    [InlineData("")]
    [InlineData("say \"hi\"\nnext line\tand a tab, a backslash \\ and a slash /")]
    [InlineData("controls \u0000\u0001\u001f\b\f\r")]
    [InlineData("café — an emoji 😀, CJK 漢字, a line separator \u2028")]
    [InlineData("\"\"\"\"\"\"\"\"\"\"\"\"")]
    public void What_it_writes_parses_back_to_the_same_text(string text)
    {
        Assert.Equal(text, RoundTrip(text));
    }

    [Fact]
    public void A_text_made_only_of_escapes_outgrows_the_first_buffer_and_still_round_trips()
    {
        var text = string.Concat(Enumerable.Repeat("\u0001\"\\", 5_000));
        Assert.Equal(text, RoundTrip(text));
    }

    [Fact]
    public void Ordinary_text_is_written_byte_for_byte_as_system_text_json_writes_it()
    {
        const string text = "He said \"no\" -- twice.\nThen café, 100% sure & <done>.";
        Assert.Equal(Write(w => w.WriteString("text", text)), Write(w => JsonStringEncoder.WriteString(w, JsonEncodedText.Encode("text"), text)));
    }

    private static string RoundTrip(string text)
    {
        var json = Write(w => JsonStringEncoder.WriteString(w, JsonEncodedText.Encode("text"), text));
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("text").GetString()!;
    }

    private static byte[] Write(Action<Utf8JsonWriter> writeProperty)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, RecordJson.WriterOptions))
        {
            writer.WriteStartObject();
            writeProperty(writer);
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
