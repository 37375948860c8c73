using ProvenanceGuard.Detection.Data;
using ProvenanceGuard.Detection.Features;
using ProvenanceGuard.Detection.Training;

namespace ProvenanceGuard.Tests.Detection;

/// <summary>A small detector trained on 90 synthetic texts with the test corpus as its reference, for the model file tests.</summary>
internal static class SmallModels
{
    /// <param name="adjust">What the test changes in the small training options (trees, length interactions).</param>
    /// <param name="syntax">With the syntax reference built from the test corpus.</param>
    public static TrainingOutcome Train(TestCorpus corpus, Func<TrainingOptions, TrainingOptions>? adjust = null, bool syntax = false)
    {
        var features = new FeatureOptions(HashBits: 12, MinWords: 10);
        var options = new TrainingOptions(features, new LogisticRegressionOptions(MaxIterations: 50), Folds: 3, Threads: 1);
        var file = new LabelledDataFile("synthetic.jsonl", new string('0', 64), SyntheticStyles.Texts(90, 1));
        return new DetectorTrainer(corpus.Featurizer(features, syntax: syntax)).Train([file], adjust?.Invoke(options) ?? options, new ValidationPlan(), []);
    }
}
