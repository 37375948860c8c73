using Xunit;
using ProvenanceGuard.Detection;
using ProvenanceGuard.Detection.Data;
using ProvenanceGuard.Detection.Features;
using ProvenanceGuard.Detection.Training;

namespace ProvenanceGuard.Tests.Detection.Training;

public class LogCountRatioTests
{
    private static readonly string[] Shared = ["the", "cat", "sat", "on", "mat", "and", "dog", "ran"];

    // Machine texts add "zebra", human texts add "walrus": each word's buckets occur in one class only.
    private static List<LabelledText> Texts(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(i =>
        {
            var machine = i % 2 == 0;
            var words = Enumerable.Range(0, 30).Select(_ => Shared[random.Next(Shared.Length)]).Append(machine ? "zebra" : "walrus");
            return new LabelledText(string.Join(' ', words) + ".", machine, new Dictionary<string, string> { ["group"] = "g" + i });
        }).ToList();
    }

    private static FeatureOptions Options => new(HashBits: 12, MinWords: 10, SyntaxNgramMax: 0, CharNgramMin: 0, WordBigrams: false);

    private static int Bucket(TextFeaturizer featurizer, string word)
    {
        // Only word unigrams are hashed here, so a text repeating one word has exactly that word's bucket.
        return SparseOf(featurizer, string.Join(' ', Enumerable.Repeat(word, 12))).Single();
    }

    private static int[] SparseOf(TextFeaturizer featurizer, string text)
    {
        var set = TrainingSet.Extract([new LabelledText(text, true, new Dictionary<string, string>())], featurizer, 1);
        return set.Rows[0].SparseIndices;
    }

    [Fact]
    public void Buckets_seen_only_in_machine_texts_get_positive_weight_and_only_in_human_texts_negative()
    {
        using var corpus = new TestCorpus();
        var featurizer = corpus.Featurizer(Options);
        var set = TrainingSet.Extract(Texts(40, 3), featurizer, 1);
        var ratio = LogCountRatio.Compute(set, Enumerable.Range(0, set.Count).ToArray(), Options.SparseSize, 1);

        var zebra = ratio[Bucket(featurizer, "zebra")];
        var walrus = ratio[Bucket(featurizer, "walrus")];
        var the = ratio[Bucket(featurizer, "the")];
        Assert.True(zebra > 2, $"zebra {zebra}");
        Assert.True(walrus < -2, $"walrus {walrus}");
        Assert.True(Math.Abs(the) < 0.5, $"the {the}"); // in every text of both classes: little evidence either way
    }

    [Fact]
    public void Swapping_the_labels_negates_every_ratio()
    {
        using var corpus = new TestCorpus();
        var featurizer = corpus.Featurizer(Options);
        var texts = Texts(30, 5);
        var swapped = texts.Select(t => t with { IsMachine = !t.IsMachine }).ToList();
        var all = Enumerable.Range(0, texts.Count).ToArray();
        var ratio = LogCountRatio.Compute(TrainingSet.Extract(texts, featurizer, 1), all, Options.SparseSize, 0.5);
        var negated = LogCountRatio.Compute(TrainingSet.Extract(swapped, featurizer, 1), all, Options.SparseSize, 0.5);
        Assert.Equal(ratio.Select(r => -r), negated);
    }

    [Fact]
    public void The_saved_scorer_gives_the_fitted_classifiers_scaled_score()
    {
        // The scale is folded into the stored weights, so the scorer needs no extra lookup; it must still
        // score exactly what the classifier was fitted on (up to the float32 storage of the weights).
        using var corpus = new TestCorpus();
        var features = new FeatureOptions(HashBits: 12, MinWords: 10);
        var featurizer = corpus.Featurizer(features);
        var set = TrainingSet.Extract(Texts(40, 7), featurizer, 1);
        // Without a trigram or syntax reference their features are zero; a model without them must not fit them (the trainer leaves them out).
        var options = new TrainingOptions(features, new LogisticRegressionOptions(MaxIterations: 50), Threads: 1, LogCountRatioSmoothing: 1,
            ExcludedDenseGroups: [DenseFeatureLayout.TrigramGroup, DenseFeatureLayout.SyntaxGroup]);
        var fitted = FittedClassifier.Fit(set, Enumerable.Range(0, set.Count).ToArray(), options);
        Assert.NotNull(fitted.Layout.SparseScale);
        var identity = new PlattCalibrator(1, 0);
        var parameters = DetectorParameters.From(fitted, features, featurizer.Reference.CorpusDigest, "test", [], identity, 0, 0.01, 0.5, "test");
        var detector = new SignatureDetector(parameters, featurizer, DetectorModel.Digest(parameters));
        var test = TrainingSet.Extract(Texts(10, 11), featurizer, 1);
        for (var i = 0; i < test.Count; i++)
        {
            var expected = fitted.RawScore(test.Rows[i]);
            Assert.Equal(expected, detector.Score(test.Texts[i].Text).LogLikelihoodRatio, 4);
        }
    }
}
