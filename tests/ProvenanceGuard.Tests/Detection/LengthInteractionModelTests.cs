using System.Text.Json.Nodes;
using Xunit;
using ProvenanceGuard.Detection;
using ProvenanceGuard.Detection.Data;
using ProvenanceGuard.Detection.Features;
using ProvenanceGuard.Detection.Training;

namespace ProvenanceGuard.Tests.Detection;

/// <summary>A detector whose dense weights change with text length (`--length-interactions`): saved, loaded and scored with its length terms; a model without them is written as before.</summary>
public class LengthInteractionModelTests
{
    private static List<LabelledText> Texts(int count, int seed) => SyntheticStyles.Texts(count, seed);

    private static TrainingOutcome Train(TestCorpus corpus, bool lengthInteractions) =>
        SmallModels.Train(corpus, o => o with { LengthInteractions = lengthInteractions });

    [Fact]
    public void A_model_with_length_interactions_saves_loads_and_rescores_bit_identically()
    {
        using var corpus = new TestCorpus();
        var outcome = Train(corpus, lengthInteractions: true);
        var parameters = outcome.Parameters;
        Assert.NotNull(parameters.Dense.Length);
        Assert.Contains(parameters.InteractionWeights!, w => w != 0);

        var path = Path.Combine(corpus.Directory, "length.json");
        DetectorModel.Save(path, parameters, outcome.Card);
        var original = new SignatureDetector(parameters, corpus.Featurizer(parameters.Features), DetectorModel.Digest(parameters));
        var loaded = DetectorModel.Load(path, new DetectorLoadOptions(corpus.Directory));
        Assert.Equal(parameters.Dense.Length, loaded.Parameters.Dense.Length);
        ModelRoundTrip.AssertRescoresBitIdentically(original, loaded, Texts(20, 7).Select(t => t.Text));
        ModelRoundTrip.AssertSavingAgainGivesTheSameBytes(path, outcome.Card);
    }

    [Fact]
    public void The_length_terms_change_the_score_by_their_weights()
    {
        using var corpus = new TestCorpus();
        var parameters = Train(corpus, lengthInteractions: true).Parameters;
        var featurizer = corpus.Featurizer(parameters.Features);
        var with = new SignatureDetector(parameters, featurizer, "a");
        var without = new SignatureDetector(parameters with { InteractionWeights = new double[DenseFeatureLayout.Count] }, featurizer, "b");
        var text = Texts(1, 9)[0].Text;
        var dense = new double[DenseFeatureLayout.Count];
        var sink = new DiscardingSink();
        Assert.True(featurizer.Extract(text, dense, ref sink));

        var transform = parameters.Dense;
        var length = transform.LengthTerm(dense);
        var expected = Enumerable.Range(0, dense.Length).Where(transform.Modulates)
            .Sum(f => parameters.InteractionWeights![f] * transform.Interaction(f, dense[f], length)) * parameters.Calibration.Slope;
        Assert.NotEqual(0, expected);
        Assert.Equal(expected, with.Score(text).LogLikelihoodRatio - without.Score(text).LogLikelihoodRatio, 9);
    }

    [Fact]
    public void A_model_without_length_interactions_is_written_exactly_as_before_they_existed()
    {
        using var corpus = new TestCorpus();
        var outcome = Train(corpus, lengthInteractions: false);
        Assert.Null(outcome.Parameters.Dense.Length);
        Assert.Null(outcome.Parameters.InteractionWeights);
        var path = Path.Combine(corpus.Directory, "plain.json");
        DetectorModel.Save(path, outcome.Parameters, outcome.Card);
        var dense = JsonNode.Parse(File.ReadAllText(path))!["parameters"]!["dense"]!.AsObject();
        Assert.False(dense.ContainsKey("length_interactions"));
        Assert.Null(DetectorModel.Read(path).Parameters.Dense.Length);
    }

    [Fact]
    public void Interaction_weights_of_the_wrong_count_are_a_data_error_naming_the_file()
    {
        using var corpus = new TestCorpus();
        var outcome = Train(corpus, lengthInteractions: true);
        var path = Path.Combine(corpus.Directory, "broken-length.json");
        DetectorModel.Save(path, outcome.Parameters, outcome.Card);
        var root = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        root["parameters"]!["dense"]!["length_interactions"]!["weights"]!.AsArray().RemoveAt(0);
        File.WriteAllText(path, root.ToJsonString());

        var e = Assert.Throws<InvalidDataException>(() => DetectorModel.Read(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("length interactions", e.Message);
    }
}
