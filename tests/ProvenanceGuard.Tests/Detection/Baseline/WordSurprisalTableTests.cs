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
        foreach (var text in texts) AssertScanMatchesTokenizer(table, text);
    }

    [Fact]
    public void The_scan_matches_the_tokenizer_on_long_mostly_ASCII_texts_whose_words_cross_64_character_blocks()
    {
        var known = new Dictionary<string, double> { ["a"] = 1.5, ["ab"] = 2.25, ["a-b"] = 3.125, ["a1"] = 4.5, ["b'a"] = 0.75, ["abababab"] = 6, ["aaaaaaaaa"] = 7.5 };
        var table = new WordSurprisalTable(known, unknown: 9.5);
        var random = new Random(5);
        // Few separators make long words and runs that a 64-character block cuts; a rare non-ASCII letter or space
        // sends its block to the character scan.
        foreach (var (alphabet, rareNonAscii) in new[] { ("ab ", false), ("abAB01'- ", false), ("aaaaaaab -", false), ("ab1'-., \n", true), ("a'-0.", true) })
        for (var n = 0; n < 400; n++)
        {
            var text = new char[random.Next(60, 400)];
            for (var i = 0; i < text.Length; i++)
                text[i] = rareNonAscii && random.Next(150) == 0 ? "é’\u00A0٣"[random.Next(4)] : alphabet[random.Next(alphabet.Length)];
            AssertScanMatchesTokenizer(table, new string(text));
        }
    }

    private static void AssertScanMatchesTokenizer(WordSurprisalTable table, string text)
    {
        double sum = 0;
        var words = 0;
        foreach (var token in WordTokenizer.Tokenize(text))
        {
            if (token.Kind != TokenKind.Word) continue;
            sum += table.Lookup(token.In(text));
            words++;
        }
        Assert.True((sum, words) == table.SumOverWords(text), $"{table.SumOverWords(text)} where the tokenizer finds {(sum, words)} in \"{text}\"");
    }

    [Fact]
    public void The_scan_and_Lookup_key_every_word_alike_at_every_length_from_1_to_40()
    {
        var random = new Random(11);
        var known = new Dictionary<string, double>();
        var unknown = new List<string>();
        for (var length = 1; length <= 40; length++)
        for (var n = 0; n < 30; n++)
        {
            var word = RandomWord(random, length, nonAscii: n % 3 == 0);
            if (n % 5 == 4) unknown.Add(word);
            else known.TryAdd(word, 1 + known.Count / 64.0);
        }
        unknown.RemoveAll(known.ContainsKey);
        var table = new WordSurprisalTable(known, unknown: 1000);
        foreach (var word in known.Keys.Concat(unknown))
        {
            var expected = known.TryGetValue(word, out var value) ? (float)value : 1000f;
            var shouted = RandomCase(random, word);
            Assert.Equal(expected, table.Lookup(word));
            Assert.Equal(expected, table.Lookup(shouted));
            Assert.Equal(((double)expected, 1), table.SumOverWords(word));
            Assert.Equal(((double)expected, 1), table.SumOverWords(shouted));
            Assert.Equal((2.0 * expected, 2), table.SumOverWords($"({shouted}, {word}-"));
        }
    }

    // A word by the tokenizer's rule: a letter, then letters and digits, with an apostrophe or hyphen only before a letter.
    private static string RandomWord(Random random, int length, bool nonAscii)
    {
        const string letters = "abcdefghijklmnopqrstuvwxyz", accented = "éüßøçñ", digits = "0123456789";
        var word = new char[length];
        for (var i = 0; i < length; i++)
        {
            var afterJoiner = i > 0 && word[i - 1] is '\'' or '-';
            var joinerAllowed = i > 0 && i < length - 1 && !afterJoiner;
            word[i] = random.Next(10) switch
            {
                0 when joinerAllowed => random.Next(2) == 0 ? '\'' : '-',
                1 when i > 0 && !afterJoiner => digits[random.Next(digits.Length)],
                _ => letters[random.Next(letters.Length)],
            };
        }
        if (nonAscii) word[random.Next(length)] = accented[random.Next(accented.Length)];
        return new string(word);
    }

    private static string RandomCase(Random random, string word) =>
        new(word.Select(c => random.Next(2) == 0 && c != 'ß' ? char.ToUpperInvariant(c) : c).ToArray());
}
