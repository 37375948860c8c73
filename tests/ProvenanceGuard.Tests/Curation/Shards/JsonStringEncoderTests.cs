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

    [Theory]
    [InlineData("plain text")]
    [InlineData("")]
    [InlineData("say \"hi\"\nnext line\tand a tab, a backslash \\ and a slash /")]
    [InlineData("controls \u0000\u0001\u001f\b\f\r\u007f")]
    [InlineData("café — an emoji 😀, CJK 漢字, a line separator \u2028")]
    public void Text_held_as_UTF8_is_written_byte_for_byte_as_the_same_text_held_as_a_string(string text)
    {
        Assert.Equal(WriteBoth(text).FromString, WriteBoth(text).FromUtf8);
    }

    [Fact]
    public void Random_texts_of_quotes_controls_and_non_ASCII_parse_back_to_themselves()
    {
        var random = new Random(20261121);
        const string alphabet = "ab \"\\\n\t\u0001\u001féß—漢😀";
        var elements = System.Globalization.StringInfo.GetTextElementEnumerator(alphabet);
        var pieces = new List<string>();
        while (elements.MoveNext()) pieces.Add(elements.GetTextElement());
        for (var i = 0; i < 300; i++)
        {
            var text = string.Concat(Enumerable.Range(0, random.Next(0, 400)).Select(_ => pieces[random.Next(pieces.Count)]));
            Assert.Equal(text, RoundTrip(text));
        }
    }

    [Fact]
    public void A_text_made_only_of_escapes_outgrows_the_first_buffer_and_still_round_trips()
    {
        var text = string.Concat(Enumerable.Repeat("\u0001\"\\", 5_000));
        Assert.Equal(text, RoundTrip(text));
        Assert.Equal(WriteBoth(text).FromString, WriteBoth(text).FromUtf8);
    }

    [Fact]
    public void Ordinary_text_is_written_byte_for_byte_as_system_text_json_writes_it()
    {
        const string text = "He said \"no\" -- twice.\nThen café, 100% sure & <done>.";
        Assert.Equal(Write(w => w.WriteString("text", text)), Write(w => JsonStringEncoder.WriteString(w, JsonEncodedText.Encode("text"), text)));
    }

    private static (byte[] FromString, byte[] FromUtf8) WriteBoth(string text)
    {
        var name = JsonEncodedText.Encode("text");
        var utf8 = System.Text.Encoding.UTF8.GetBytes(text);
        return (Write(w => JsonStringEncoder.WriteString(w, name, text)), Write(w => JsonStringEncoder.WriteString(w, name, utf8.AsSpan())));
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
