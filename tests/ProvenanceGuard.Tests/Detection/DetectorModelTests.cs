using Xunit;
using ProvenanceGuard.Detection;
using ProvenanceGuard.Detection.Data;
using ProvenanceGuard.Detection.Features;
using ProvenanceGuard.Detection.Training;

namespace ProvenanceGuard.Tests.Detection;

public class DetectorModelTests
{
    private static List<LabelledText> Texts(int count, int seed) => SyntheticStyles.Texts(count, seed, words: 40, withDomains: true);

    private static (DetectorParameters Parameters, TrainingOutcome Outcome) TrainSmall(TestCorpus corpus)
    {
        var features = new FeatureOptions(HashBits: 12, MinWords: 10);
        var featurizer = corpus.Featurizer(features, corpus.Spoken());
        var options = new TrainingOptions(features, new LogisticRegressionOptions(MaxIterations: 50), Folds: 3, Threads: 1);
        var file = new LabelledDataFile("synthetic.jsonl", new string('0', 64), Texts(60, 1));
        var outcome = new DetectorTrainer(featurizer).Train([file], options, new ValidationPlan(), []);
        return (outcome.Parameters, outcome);
    }

    [Fact]
    public void Saved_and_loaded_model_rescores_identically()
    {
        using var corpus = new TestCorpus();
        var (parameters, outcome) = TrainSmall(corpus);
        var path = Path.Combine(corpus.Directory, "model.json");
        DetectorModel.Save(path, parameters, outcome.Card);

        var original = new SignatureDetector(parameters, corpus.Featurizer(parameters.Features, corpus.Spoken()), DetectorModel.Digest(parameters));
        var loaded = DetectorModel.Load(path, new DetectorLoadOptions(corpus.Directory));
        Assert.Equal(original.ModelDigest, loaded.ModelDigest);
        foreach (var text in Texts(20, 99))
        {
            var a = original.Score(text.Text);
            var b = loaded.Score(text.Text);
            Assert.Equal(BitConverter.DoubleToInt64Bits(a.LogLikelihoodRatio), BitConverter.DoubleToInt64Bits(b.LogLikelihoodRatio));
            Assert.Equal(BitConverter.DoubleToInt64Bits(a.PMachine), BitConverter.DoubleToInt64Bits(b.PMachine));
        }
        ModelRoundTrip.AssertSavingAgainGivesTheSameBytes(path, outcome.Card);
    }

    [Fact]
    public void The_trained_detector_separates_the_styles_and_calibrates_probabilities()
    {
        using var corpus = new TestCorpus();
        var (parameters, outcome) = TrainSmall(corpus);
        Assert.True(outcome.CrossValidation.Overall.Auroc > 0.95, $"out-of-fold AUROC {outcome.CrossValidation.Overall.Auroc}");
        var detector = new SignatureDetector(parameters, corpus.Featurizer(parameters.Features, corpus.Spoken()), DetectorModel.Digest(parameters));
        var texts = Texts(20, 5);
        foreach (var text in texts)
        {
            var score = detector.Score(text.Text);
            Assert.False(score.TooShort);
            Assert.InRange(score.PMachine, 0, 1);
            Assert.Equal(text.IsMachine, score.LogLikelihoodRatio > 0);
        }
        Assert.NotEmpty(detector.Explain(texts[0].Text));
    }

    [Fact]
    public void Too_short_texts_get_a_flag_not_a_guess()
    {
        using var corpus = new TestCorpus();
        var (parameters, _) = TrainSmall(corpus);
        var detector = new SignatureDetector(parameters, corpus.Featurizer(parameters.Features, corpus.Spoken()), DetectorModel.Digest(parameters));
        var score = detector.Score("The cat sat.");
        Assert.True(score.TooShort);
        Assert.True(double.IsNaN(score.PMachine));
        Assert.True(double.IsNaN(score.LogLikelihoodRatio));
    }

    [Fact]
    public void A_model_trained_on_other_reference_text_is_refused()
    {
        using var corpus = new TestCorpus();
        var (parameters, outcome) = TrainSmall(corpus);
        var path = Path.Combine(corpus.Directory, "model.json");
        DetectorModel.Save(path, parameters with { ReferenceDigest = new string('a', 64) }, outcome.Card);
        var e = Assert.Throws<InvalidDataException>(() => DetectorModel.Load(path, new DetectorLoadOptions(corpus.Directory)));
        Assert.Contains("digest", e.Message);
    }

    [Fact]
    public void A_corrupt_model_file_is_a_data_error_naming_the_file()
    {
        using var corpus = new TestCorpus();
        var path = Path.Combine(corpus.Directory, "broken.json");
        File.WriteAllText(path, "{\"format\": \"provenanceguard-detector/1\", \"parameters\": {}}");
        var e = Assert.Throws<InvalidDataException>(() => DetectorModel.Read(path));
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Labelled_data_errors_name_file_and_line()
    {
        using var corpus = new TestCorpus();
        var path = Path.Combine(corpus.Directory, "bad.jsonl");
        File.WriteAllText(path, "{\"text\": \"fine\", \"label\": \"human\"}\n{\"text\": \"x\", \"label\": \"robot\"}\n");
        var e = Assert.Throws<InvalidDataException>(() => LabelledTextReader.Read(path));
        Assert.Contains(":2:", e.Message);
    }
}
