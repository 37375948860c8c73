using ProvenanceGuard.Detection.Tokenization;

namespace ProvenanceGuard.Tests.Detection;

public class WordTokenizerTests
{
    private static List<(TokenKind Kind, string Text)> Tokens(string text)
    {
        var tokens = new List<(TokenKind, string)>();
        foreach (var token in WordTokenizer.Tokenize(text)) tokens.Add((token.Kind, token.In(text).ToString()));
        return tokens;
    }

    [Fact]
    public void Splits_words_numbers_and_punctuation()
    {
        Assert.Equal(
        [
            (TokenKind.Word, "Don't"), (TokenKind.Word, "well-known"), (TokenKind.Word, "café"), (TokenKind.Punctuation, ","),
            (TokenKind.Number, "3,500.25"), (TokenKind.Word, "naïve"), (TokenKind.Punctuation, "!"),
        ], Tokens("Don't well-known café, 3,500.25 naïve!"));
    }

    [Fact]
    public void Joiners_only_count_between_letters()
    {
        Assert.Equal([(TokenKind.Word, "end"), (TokenKind.Punctuation, "-"), (TokenKind.Punctuation, "-"), (TokenKind.Word, "start")], Tokens("end-- start"));
        Assert.Equal([(TokenKind.Word, "dogs"), (TokenKind.Punctuation, "'"), (TokenKind.Word, "end"), (TokenKind.Punctuation, "-")], Tokens("dogs' end-"));
        Assert.Equal([(TokenKind.Word, "it’s")], Tokens("it’s"));
    }

    [Fact]
    public void Numbers_keep_inner_separators_only_between_digits() =>
        Assert.Equal([(TokenKind.Number, "1,000"), (TokenKind.Punctuation, ","), (TokenKind.Number, "5")], Tokens("1,000, 5"));

    [Fact]
    public void Non_latin_scripts_are_words() =>
        Assert.Equal([(TokenKind.Word, "Привет"), (TokenKind.Word, "Zürich"), (TokenKind.Word, "日本語")], Tokens("Привет Zürich 日本語"));

    [Fact]
    public void Empty_and_blank_text_has_no_tokens()
    {
        Assert.Empty(Tokens(""));
        Assert.Empty(Tokens(" \n\t "));
    }

    [Fact]
    public void Folded_hash_ignores_case_and_typographic_apostrophes()
    {
        Assert.Equal(TokenHasher.Hash("Don't"), TokenHasher.Hash("don’t"));
        Assert.NotEqual(TokenHasher.Hash("dont"), TokenHasher.Hash("don't"));
    }

    [Theory]
    [InlineData("Don’t stop: well-known 1,000.5 cats' 😀 end-- ÉTÉ 3.")]
    [InlineData("Привет, Zürich! 日本語 x2 O'Neil’s ½ \"quoted\"")]
    public void Each_token_comes_with_the_hash_of_its_characters(string text)
    {
        var tokenizer = WordTokenizer.Tokenize(text);
        var seen = 0;
        while (tokenizer.MoveNext())
        {
            Assert.Equal(TokenHasher.Hash(tokenizer.Current.In(text)), tokenizer.CurrentHash);
            seen++;
        }
        Assert.True(seen > 10);
    }
}
