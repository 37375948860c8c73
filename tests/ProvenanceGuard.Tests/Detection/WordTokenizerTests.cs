using Xunit;
using ProvenanceGuard.Detection.Tokenization;

namespace ProvenanceGuard.Tests.Detection;

public class WordTokenizerTests
{
    private static List<(TokenKind Kind, string Text)> Tokens(string text)
    {
        var result = new List<(TokenKind, string)>();
        foreach (var token in WordTokenizer.Tokenize(text)) result.Add((token.Kind, token.In(text).ToString()));
        return result;
    }

    [Fact]
    public void Splits_words_numbers_and_punctuation_and_skips_white_space()
    {
        Assert.Equal(
            [(TokenKind.Word, "Hello"), (TokenKind.Punctuation, ","), (TokenKind.Word, "world"), (TokenKind.Number, "3.14"), (TokenKind.Punctuation, "!")],
            Tokens("  Hello,\n world 3.14!  "));
    }

    [Fact]
    public void Keeps_inner_apostrophes_and_hyphens_inside_words()
    {
        Assert.Equal([(TokenKind.Word, "don't"), (TokenKind.Word, "well-known"), (TokenKind.Word, "it’s")], Tokens("don't well-known it’s"));
    }

    [Fact]
    public void A_trailing_joiner_is_punctuation_not_part_of_the_word()
    {
        Assert.Equal([(TokenKind.Word, "dogs"), (TokenKind.Punctuation, "'"), (TokenKind.Word, "end"), (TokenKind.Punctuation, "-")], Tokens("dogs' end-"));
    }

    [Fact]
    public void Numbers_keep_inner_separators_only_between_digits()
    {
        Assert.Equal([(TokenKind.Number, "1,000"), (TokenKind.Punctuation, ","), (TokenKind.Number, "5")], Tokens("1,000, 5"));
    }

    [Fact]
    public void Unicode_letters_form_words()
    {
        Assert.Equal([(TokenKind.Word, "Zürich"), (TokenKind.Word, "東京"), (TokenKind.Word, "naïve")], Tokens("Zürich 東京 naïve"));
    }

    [Fact]
    public void Folded_hash_ignores_case_and_typographic_apostrophes()
    {
        Assert.Equal(TokenHasher.Hash("Don't"), TokenHasher.Hash("don’t"));
        Assert.NotEqual(TokenHasher.Hash("dont"), TokenHasher.Hash("don't"));
    }
}
