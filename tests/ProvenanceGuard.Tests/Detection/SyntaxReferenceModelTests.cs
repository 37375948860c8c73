using System.Text.Json.Nodes;
using Xunit;
using ProvenanceGuard.Detection;
using ProvenanceGuard.Detection.Data;
using ProvenanceGuard.Detection.Features;
using ProvenanceGuard.Detection.Training;

namespace ProvenanceGuard.Tests.Detection;

/// <summary>A detector with the syntax-reference features: saved, loaded (the reference rebuilt from the corpus) and scored; a model without them is written as before.</summary>
public class SyntaxReferenceModelTests
{
    private static List<LabelledText> Texts(int count, int seed) => SyntheticStyles.Texts(count, seed);

    private static TrainingOutcome Train(TestCorpus corpus, bool syntax) => SmallModels.Train(corpus, syntax: syntax);

    private static int StoredNames(string path) => JsonNode.Parse(File.ReadAllText(path))!["parameters"]!["dense"]!["names"]!.AsArray().Count;

    [Fact]
    public void A_model_with_the_syntax_reference_saves_loads_and_rescores_bit_identically()
    {
        using var corpus = new TestCorpus();
        var outcome = Train(corpus, syntax: true);
        var parameters = outcome.Parameters;
        Assert.True(parameters.UsesGroup(DenseFeatureLayout.SyntaxGroup));

        var path = Path.Combine(corpus.Directory, "syntax.json");
        DetectorModel.Save(path, parameters, outcome.Card);
        Assert.Equal(DenseFeatureLayout.Count, StoredNames(path));
        var original = new SignatureDetector(parameters, corpus.Featurizer(parameters.Features, syntax: true), DetectorModel.Digest(parameters));
        var loaded = DetectorModel.Load(path, new DetectorLoadOptions(corpus.Directory));
        Assert.NotNull(loaded.Featurizer.Syntax);
        ModelRoundTrip.AssertRescoresBitIdentically(original, loaded, Texts(20, 7).Select(t => t.Text));
        ModelRoundTrip.AssertSavingAgainGivesTheSameBytes(path, outcome.Card);
    }

    [Fact]
    public void A_model_without_it_lists_the_layout_of_the_models_before_it_and_loads_without_building_it()
    {
        using var corpus = new TestCorpus();
        var outcome = Train(corpus, syntax: false);
        Assert.False(outcome.Parameters.UsesGroup(DenseFeatureLayout.SyntaxGroup));
        var path = Path.Combine(corpus.Directory, "plain.json");
        DetectorModel.Save(path, outcome.Parameters, outcome.Card);
        Assert.Equal(DenseFeatureLayout.CountWithoutTrigram, StoredNames(path)); // nor a trigram reference
        Assert.Null(DetectorModel.Load(path, new DetectorLoadOptions(corpus.Directory)).Featurizer.Syntax);
    }

    [Fact]
    public void A_model_that_uses_it_refuses_a_featurizer_without_it()
    {
        using var corpus = new TestCorpus();
        var parameters = Train(corpus, syntax: true).Parameters;
        var error = Assert.Throws<ArgumentException>(() => new SignatureDetector(parameters, corpus.Featurizer(parameters.Features), "x"));
        Assert.Contains("syntax reference", error.Message);
    }
}
