using System.Text.Json.Nodes;
using Xunit;
using ProvenanceGuard.Detection;
using ProvenanceGuard.Detection.Training;

namespace ProvenanceGuard.Tests.Detection;

/// <summary>A trained detector scores a text much longer than its training texts in windows of their length.</summary>
public class WindowedScoringTests
{
    private static (SignatureDetector Windowed, SignatureDetector Whole) Detectors(TestCorpus corpus)
    {
        var parameters = SmallModels.Train(corpus).Parameters;
        var featurizer = corpus.Featurizer(parameters.Features);
        var whole = parameters with { Windows = null };
        return (new SignatureDetector(parameters, featurizer, DetectorModel.Digest(parameters)), new SignatureDetector(whole, featurizer, DetectorModel.Digest(whole)));
    }

    // Human-style words, then machine-style: a long text whose windows disagree.
    private static string MixedText(int words) =>
        string.Join(' ', SyntheticStyles.Texts(words / 30, 7, words: 30).OrderBy(t => t.IsMachine).Select(t => t.Text.TrimEnd('.')));

    [Fact]
    public void Training_fits_the_window_to_the_training_texts_median_length()
    {
        using var corpus = new TestCorpus();
        var windows = SmallModels.Train(corpus).Parameters.Windows;
        // The small models' texts are 30-59 words long (SyntheticStyles) and judged whole.
        Assert.NotNull(windows);
        Assert.InRange(windows.Words, 30, 59);
    }

    [Fact]
    public void A_long_text_scores_the_mean_of_its_windows_scores()
    {
        using var corpus = new TestCorpus();
        var (windowed, _) = Detectors(corpus);
        var text = MixedText(300);
        Assert.True(windowed.Parameters.Windows!.Applies(windowed.Featurizer, text, out var judged, out var words, out var count));
        var windowScores = new List<double>();
        foreach (var window in ScoringWindows.Split(judged, words, count)) windowScores.Add(windowed.Score(window).LogLikelihoodRatio);

        Assert.True(count >= 4, $"{count} windows");
        Assert.True(windowScores.Max() - windowScores.Min() > 1, "the human and the machine windows should score apart");
        Assert.Equal(windowScores.Average(), windowed.Score(text).LogLikelihoodRatio, 9);
    }

    [Fact]
    public void A_text_of_the_training_lengths_scores_exactly_as_without_windows()
    {
        using var corpus = new TestCorpus();
        var (windowed, whole) = Detectors(corpus);
        foreach (var text in SyntheticStyles.Texts(20, 99))
            Assert.Equal(BitConverter.DoubleToInt64Bits(whole.Score(text.Text).LogLikelihoodRatio), BitConverter.DoubleToInt64Bits(windowed.Score(text.Text).LogLikelihoodRatio));
    }

    [Fact]
    public void A_model_without_windows_scores_a_long_text_whole()
    {
        using var corpus = new TestCorpus();
        var (windowed, whole) = Detectors(corpus);
        var text = MixedText(300);
        Assert.NotEqual(windowed.Score(text).LogLikelihoodRatio, whole.Score(text).LogLikelihoodRatio);
        Assert.False(whole.Score(text).TooShort);
    }

    [Fact]
    public void The_explanation_of_a_long_text_adds_up_to_its_score()
    {
        using var corpus = new TestCorpus();
        var (windowed, _) = Detectors(corpus);
        var text = MixedText(300);
        var parameters = windowed.Parameters;
        var terms = windowed.Explain(text, top: int.MaxValue);
        var constant = parameters.Calibration.LogLikelihoodRatio(parameters.Bias);
        Assert.Equal(windowed.Score(text).LogLikelihoodRatio, constant + terms.Sum(t => t.Value), 9);
    }

    [Fact]
    public void The_model_file_keeps_the_window_and_a_model_without_one_has_no_entry()
    {
        using var corpus = new TestCorpus();
        var outcome = SmallModels.Train(corpus);
        var path = Path.Combine(corpus.Directory, "model.json");
        DetectorModel.Save(path, outcome.Parameters, outcome.Card);
        Assert.Equal(outcome.Parameters.Windows, DetectorModel.Read(path).Parameters.Windows);
        ModelRoundTrip.AssertSavingAgainGivesTheSameBytes(path, outcome.Card);

        var withoutPath = Path.Combine(corpus.Directory, "without.json");
        DetectorModel.Save(withoutPath, outcome.Parameters with { Windows = null }, outcome.Card);
        Assert.False(JsonNode.Parse(File.ReadAllText(withoutPath))!["parameters"]!.AsObject().ContainsKey("scoring_windows"));
        Assert.Null(DetectorModel.Read(withoutPath).Parameters.Windows);
    }
}
