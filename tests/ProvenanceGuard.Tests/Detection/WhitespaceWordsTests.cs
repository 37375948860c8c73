using Xunit;
using ProvenanceGuard.Detection.Tokenization;

namespace ProvenanceGuard.Tests.Detection;

public class WhitespaceWordsTests
{
    private static int OneAtATime(string text)
    {
        var words = 0;
        var afterSpace = true;
        foreach (var c in text)
        {
            if (!char.IsWhiteSpace(c) && afterSpace) words++;
            afterSpace = char.IsWhiteSpace(c);
        }
        return words;
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("   \n\t ", 0)]
    [InlineData("one", 1)]
    [InlineData("  one two\nthree\t", 3)]
    [InlineData("a\u00A0b\u3000c\u2028d\u0085e", 5)]
    [InlineData("a\u0001b\u001Fc", 1)]
    public void Words_are_runs_of_non_whitespace(string text, int expected) => Assert.Equal(expected, WhitespaceWords.Count(text));

    [Fact]
    public void Eight_at_a_time_counts_exactly_as_one_at_a_time()
    {
        // Every kind of whitespace, control characters that are not, and letters either side of U+0085, at every offset.
        char[] alphabet = [' ', '\t', '\n', '\v', '\f', '\r', '\u0085', '\u00A0', '\u1680', '\u2003', '\u3000', '\u0000', '\u0008', '\u000E', '\u001F', 'a', 'Z', '.', '\u0084', '\u00E9', '\u4E2D'];
        var random = new Random(17);
        for (var trial = 0; trial < 2000; trial++)
        {
            var text = new string([.. Enumerable.Range(0, random.Next(0, 70)).Select(_ => alphabet[random.Next(alphabet.Length)])]);
            Assert.Equal(OneAtATime(text), WhitespaceWords.Count(text));
        }
    }
}
