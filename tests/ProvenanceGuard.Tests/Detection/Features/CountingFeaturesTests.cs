using System.Text;
using Xunit;
using ProvenanceGuard.Detection.Features;
using ProvenanceGuard.Detection.Tokenization;
using ProvenanceGuard.Tests.Detection;

namespace ProvenanceGuard.Tests.Detection.Features;

/// <summary>
/// The counting features (repeated 8-character windows, type-token ratio, MATTR, hapax share, Yule's K,
/// repeated word trigrams) equal a plain recount with strings, sets and dictionaries, on texts that mix ASCII
/// with accented letters, typographic quotes, tabs and repeats: the featurizer's hashed counting keys are a
/// speed device and must never change a count.
/// </summary>
public class CountingFeaturesTests
{
    public static TheoryData<string> Texts => new()
    {
        "the cat sat on the mat and the cat sat on the mat again, said the dog to the cat.",
        "Café au lait, café au lait: naïve crème brûlée and naïve crème brûlée again, he said. “Café” ‘naïve’ café.",
        "Tabs\tand\r\nnew lines   collapse into   one space; Tabs and new lines collapse into one space.",
        "Ünïcödé wörds ünïcödé wörds ÜNÏCÖDÉ WÖRDS résumé résumé RÉSUMÉ: every window repeats, ﬁne ﬁne ﬁne.",
        string.Join(' ', Enumerable.Range(0, 140).Select(i => Vocabulary[(i * 7 + i / 9) % Vocabulary.Length])) + ".",
        string.Join(' ', Enumerable.Range(0, 90).Select(i => i % 5 == 0 ? "Ångström" : Vocabulary[(i * 13) % Vocabulary.Length])) + "!",
    };

    private static readonly string[] Vocabulary =
    [
        "river", "stone", "the", "of", "quiet", "a", "light", "garden", "élan", "and", "window", "it", "ran",
        "years", "north", "we", "said", "road", "to", "cold", "bread", "house", "in", "was", "deep", "green",
    ];

    [Theory]
    [MemberData(nameof(Texts))]
    public void Repeated_8_character_windows_are_counted_exactly(string text)
    {
        var normalized = Normalize(text);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var repeated = 0;
        for (var i = 0; i + 8 <= normalized.Length; i++)
            if (!seen.Add(normalized.Substring(i, 8))) repeated++;
        var expected = normalized.Length > 8 ? (double)repeated / (normalized.Length - 7) : 0;
        Assert.Equal(expected, Feature(Extract(text), "repeated_char8"), 12);
    }

    [Theory]
    [MemberData(nameof(Texts))]
    public void Word_counts_match_a_recount_with_a_dictionary(string text)
    {
        var words = new List<ulong>();
        var tokens = new List<ulong>();
        foreach (var token in WordTokenizer.Tokenize(text))
        {
            var id = ProvenanceGuard.Detection.Reference.ReferenceLanguageModel.Identify(token, text);
            tokens.Add(id);
            if (token.Kind == TokenKind.Word) words.Add(id);
        }
        var counts = words.GroupBy(w => w).ToDictionary(g => g.Key, g => g.Count());
        double mattr;
        if (words.Count < 50) mattr = (double)counts.Count / words.Count;
        else
        {
            double acc = 0;
            for (var start = 0; start + 50 <= words.Count; start++) acc += (double)words.Skip(start).Take(50).Distinct().Count() / 50;
            mattr = acc / (words.Count - 49);
        }
        var trigrams = new HashSet<(ulong, ulong, ulong)>();
        var repeatedTrigrams = 0;
        for (var i = 2; i < tokens.Count; i++)
            if (!trigrams.Add((tokens[i - 2], tokens[i - 1], tokens[i]))) repeatedTrigrams++;

        var dense = Extract(text);
        Assert.Equal((double)counts.Count / words.Count, Feature(dense, "type_token_ratio"), 12);
        Assert.Equal(mattr, Feature(dense, "mattr50"), 12);
        Assert.Equal((double)counts.Values.Count(c => c == 1) / counts.Count, Feature(dense, "hapax_share"), 12);
        var squares = counts.Values.Sum(c => (double)c * c);
        Assert.Equal(1e4 * (squares - words.Count) / ((double)words.Count * words.Count), Feature(dense, "yules_k"), 9);
        Assert.Equal((double)repeatedTrigrams / (tokens.Count - 2), Feature(dense, "repeated_word_trigrams"), 12);
    }

    // What the character pass reads: white-space runs become one space (none at either end), characters case- and quote-folded.
    private static string Normalize(string text)
    {
        var normalized = new StringBuilder();
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = normalized.Length > 0;
                continue;
            }
            if (pendingSpace) normalized.Append(' ');
            pendingSpace = false;
            normalized.Append(TokenHasher.Fold(c));
        }
        return normalized.ToString();
    }

    private static double[] Extract(string text)
    {
        using var corpus = new TestCorpus();
        var featurizer = corpus.Featurizer(new FeatureOptions(HashBits: 12, MinWords: 5));
        var dense = new double[DenseFeatureLayout.Count];
        var sink = new DiscardingSink();
        Assert.True(featurizer.Extract(text, dense, ref sink));
        return dense;
    }

    private static double Feature(double[] dense, string name) =>
        dense[DenseFeatureLayout.IndexOf(name)];
}
