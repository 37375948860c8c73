using Xunit;
using ProvenanceGuard.Detection;
using ProvenanceGuard.Detection.Features;
using ProvenanceGuard.Detection.Training;

namespace ProvenanceGuard.Tests.Detection;

public class ScoringWindowsTests
{
    // Distinct words of letters only, so each is one word token: a, b, ..., z, ba, bb, ...
    private static string Words(int count, int from = 0) => string.Join(' ', Enumerable.Range(from, count).Select(Word));

    private static string Word(int i) => i < 26 ? ((char)('a' + i)).ToString() : Word(i / 26) + (char)('a' + i % 26);

    private static List<string> Split(string judged, int count)
    {
        var windows = new List<string>();
        foreach (var window in ScoringWindows.Split(judged, TrainingLengths.Words(judged), count))
            windows.Add(window.ToString());
        return windows;
    }

    [Fact]
    public void A_text_is_scored_whole_until_it_is_half_again_as_long_as_a_window()
    {
        var windows = new ScoringWindows(100);
        Assert.Equal(1, windows.Count(0));
        Assert.Equal(1, windows.Count(149));
        Assert.Equal(2, windows.Count(150));
        Assert.Equal(2, windows.Count(249));
        Assert.Equal(3, windows.Count(250));
        Assert.Equal(10, windows.Count(1000));
    }

    [Fact]
    public void Windows_are_runs_of_whole_words_without_the_whitespace_between_them()
    {
        Assert.Equal(["a b", "c  d", "e f\tg"], Split("  a b\n\nc  d e f\tg  ", 3));
    }

    [Fact]
    public void Windows_cover_every_word_once_in_order_and_differ_in_size_by_at_most_one()
    {
        var text = Words(1001);
        var windows = Split(text, 7);
        Assert.Equal(7, windows.Count);
        Assert.Equal(text, string.Join(' ', windows));
        var sizes = windows.Select(w => w.Split(' ').Length).ToList();
        Assert.True(sizes.Max() - sizes.Min() <= 1, string.Join(", ", sizes));
    }

    [Fact]
    public void Only_the_judged_part_counts_and_the_opening_stays_out_of_every_window()
    {
        using var corpus = new TestCorpus();
        var featurizer = corpus.Featurizer(new FeatureOptions(HashBits: 12, MinWords: 10, SkipOpeningTokens: 5));
        var windows = new ScoringWindows(20);

        Assert.False(windows.Applies(featurizer, Words(29), out _, out _, out _));
        // 33 words are long enough as a whole, but not once the 5 opening words are set aside.
        Assert.False(windows.Applies(featurizer, Words(33), out _, out _, out _));
        Assert.True(windows.Applies(featurizer, Words(35), out var judged, out var words, out var count));
        Assert.Equal(Words(30, from: 5), judged.ToString());
        Assert.Equal(30, words);
        Assert.Equal(2, count);
    }

    [Fact]
    public void Words_separated_by_any_whitespace_count_toward_windows()
    {
        using var corpus = new TestCorpus();
        var featurizer = corpus.Featurizer(new FeatureOptions(HashBits: 12, MinWords: 10));
        var text = string.Concat(Words(35).Split(' ').Select((w, i) => w + (i % 3 == 0 ? "\u00A0" : i % 3 == 1 ? "\u3000" : "\n")));
        Assert.True(new ScoringWindows(20).Applies(featurizer, text, out _, out var words, out var count));
        Assert.Equal((35, 2), (words, count));
        Assert.False(new ScoringWindows(24).Applies(featurizer, text, out _, out _, out _));
    }

    [Fact]
    public void The_window_is_the_training_texts_median_judged_length_but_never_under_twice_the_minimum()
    {
        using var corpus = new TestCorpus();
        var featurizer = corpus.Featurizer(new FeatureOptions(HashBits: 12, MinWords: 10, SkipOpeningTokens: 5));
        Assert.Equal(45, ScoringWindows.Fit(featurizer, [Words(40), Words(50), Words(90)]).Words);
        Assert.Equal(20, ScoringWindows.Fit(featurizer, [Words(12), Words(15), Words(90)]).Words);
    }
}
