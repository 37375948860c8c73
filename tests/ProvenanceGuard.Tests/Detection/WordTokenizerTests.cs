using ProvenanceGuard.Detection.Tokenization;

namespace ProvenanceGuard.Tests.Detection;

public class WordTokenizerTests
{
    private static List<(TokenKind, string)> Tokens(string text)
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
    public void Joiners_only_count_between_letters() =>
        Assert.Equal([(TokenKind.Word, "end"), (TokenKind.Punctuation, "-"), (TokenKind.Punctuation, "-"), (TokenKind.Word, "start")], Tokens("end-- start"));

    [Fact]
    public void Non_latin_scripts_are_words() =>
        Assert.Equal([(TokenKind.Word, "Привет"), (TokenKind.Word, "мир"), (TokenKind.Word, "日本語")], Tokens("Привет мир 日本語"));

    [Fact]
    public void Empty_and_blank_text_has_no_tokens()
    {
        Assert.Empty(Tokens(""));
        Assert.Empty(Tokens(" \n\t "));
    }
}
