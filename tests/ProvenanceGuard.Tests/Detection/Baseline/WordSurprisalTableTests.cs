using ProvenanceGuard.Detection.Baseline;
using ProvenanceGuard.Detection.Tokenization;

namespace ProvenanceGuard.Tests.Detection.Baseline;

public class WordSurprisalTableTests
{
    private static readonly Dictionary<string, double> Surprisal = Enumerable.Range(0, 10_000)
        .ToDictionary(i => i % 3 == 0 ? $"w{i}" : $"longerword{i}é", i => 1.0 + i / 100.0);

    [Fact]
    public void Every_word_finds_its_own_value_whatever_its_case_and_length()
    {
        var table = new WordSurprisalTable(Surprisal, unknown: 99);
        foreach (var (word, value) in Surprisal)
        {
            Assert.Equal((float)value, table.Lookup(word));
            Assert.Equal((float)value, table.Lookup(word.ToUpperInvariant()));
        }
    }

    [Fact]
    public void Unknown_words_get_the_unknown_value()
    {
        var table = new WordSurprisalTable(Surprisal, unknown: 99);
        foreach (var word in new[] { "zz", "w1", "abcdefgh", "abcdefghi", "w3x", "naïve" }) Assert.Equal(99f, table.Lookup(word));
    }

    [Fact]
    public void The_one_pass_scan_finds_the_tokenizers_words_and_sums_exactly_what_looking_each_one_up_sums()
    {
        var known = new Dictionary<string, double> { ["a"] = 1.5, ["don't"] = 2.25, ["well-known"] = 3.125, ["ab1"] = 4.5, ["b"] = 0.75, ["z"] = 6, ["café"] = 7.5, ["a’b"] = 8 };
        var table = new WordSurprisalTable(known, unknown: 9.5);
        var random = new Random(7);
        // ASCII letters, digits, joiners and separators, and others: a letter, a combining accent, the typographic
        // apostrophe, a curly quote, a no-break space, an Arabic-Indic digit, half of a surrogate pair.
        const string alphabet = "aAbBzZ''--..,,0123  \t\n?!\"éÉ\u0301’“\u00A0٣\uD83D";
        var texts = Enumerable.Range(0, 5000)
            .Select(_ => new string(Enumerable.Range(0, random.Next(0, 40)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray()))
            .Concat(["Don't stop: well-known AB1 costs 1,000.50 -- a b's z-", "'a -b a- 1.a a.1 a,b 12ab ab12-c", "Café a’b a-é 1.٣ ٣3 a\u00A0b 🙂 z"]);
        foreach (var text in texts)
        {
            double sum = 0;
            var words = 0;
            foreach (var token in WordTokenizer.Tokenize(text))
            {
                if (token.Kind != TokenKind.Word) continue;
                sum += table.Lookup(token.In(text));
                words++;
            }
            Assert.Equal((sum, words), table.SumOverWords(text));
        }
    }
}
