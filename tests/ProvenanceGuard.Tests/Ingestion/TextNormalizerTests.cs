using ProvenanceGuard.Ingestion;
using ProvenanceGuard.Records;

namespace ProvenanceGuard.Tests.Ingestion;

public class TextNormalizerTests
{
    [Theory]
    [InlineData("plain text", "plain text")]
    [InlineData("  padded\t text  ", "padded text")]
    [InlineData("line one  \r\nline two", "line one\nline two")]
    [InlineData("para one\n\n\n\npara two", "para one\n\npara two")]
    [InlineData("tabs\tand\u00A0no-break spaces", "tabs and no-break spaces")]
    [InlineData("\n\nleading and trailing newlines\n\n", "leading and trailing newlines")]
    public void Folds_white_space_to_a_canonical_form(string input, string expected) =>
        Assert.Equal(expected, TextNormalizer.Normalize(input));

    [Fact]
    public void Composes_to_NFC_so_equal_looking_texts_hash_alike()
    {
        var decomposed = "cafe\u0301";
        var composed = "caf\u00e9";
        Assert.Equal(composed, TextNormalizer.Normalize(decomposed));
        Assert.Equal(ContentHash.Of(TextNormalizer.Normalize(composed)), ContentHash.Of(TextNormalizer.Normalize(decomposed)));
    }

    [Fact]
    public void Returns_the_same_instance_when_already_canonical()
    {
        var text = "Already canonical.\n\nTwo paragraphs.";
        Assert.Same(text, TextNormalizer.Normalize(text));
    }

    [Theory]
    [InlineData("plain text", false)]
    [InlineData("  padded\t text  ", true)]
    [InlineData("line one  \r\nline two\n\n\n\nthree", true)]
    [InlineData("cafe\u0301 and  a double space", true)]
    [InlineData("caf\u00e9, composed already", false)]
    [InlineData("", false)]
    public void The_buffered_form_gives_the_same_text_and_says_whether_it_changed(string input, bool changes)
    {
        using TextScratch composed = new(), folded = new();
        var normalized = TextNormalizer.Normalize(input.AsSpan(), composed, folded, out var changed);
        Assert.Equal(TextNormalizer.Normalize(input), normalized.ToString());
        Assert.Equal(changes, changed);
    }

    [Fact]
    public void Content_hash_is_sha256_of_the_utf8_bytes() =>
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", ContentHash.Of("abc"));
}
