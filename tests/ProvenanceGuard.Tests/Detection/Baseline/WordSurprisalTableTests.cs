using ProvenanceGuard.Detection.Baseline;

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
}
