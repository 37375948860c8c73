using System.Text;
using System.Text.Json;
using ProvenanceGuard.Ingestion.Readers;

namespace ProvenanceGuard.Tests.Ingestion.Readers;

public class JsonStringDecoderTests
{
    [Theory]
    [InlineData("plain text")]
    [InlineData("say \\\"hi\\\"\\nnext line\\tand a tab")]
    [InlineData("slash \\/ backslash \\\\ controls \\b\\f\\r")]
    [InlineData("caf\\u00e9 and an emoji \\ud83d\\ude00 and a dash \\u2014")]
    [InlineData("raw UTF-8 café — ok")]
    [InlineData("\\\\\\\"")]
    public void Decodes_exactly_as_system_text_json_does(string jsonContent)
    {
        var json = Encoding.UTF8.GetBytes($"\"{jsonContent}\"");
        var reader = new Utf8JsonReader(json);
        reader.Read();
        Assert.Equal(reader.GetString(), Decode(reader.ValueSpan));
    }

    [Fact]
    public void A_broken_escape_yields_null_rather_than_a_wrong_text()
    {
        Assert.Null(Decode("bad \\u12"u8));
        Assert.Null(Decode("bad \\x"u8));
        Assert.Null(Decode("trailing \\"u8));
    }

    /// <summary>The decoded text, or null when the decoder refuses the escapes.</summary>
    private static string? Decode(ReadOnlySpan<byte> escaped)
    {
        var output = new char[escaped.Length];
        var written = JsonStringDecoder.DecodeInto(escaped, output);
        return written < 0 ? null : new string(output, 0, written);
    }
}
