using Xunit;
using ProvenanceGuard.Detection.Features;
using ProvenanceGuard.Detection.Reference;
using ProvenanceGuard.Tests.Support;

namespace ProvenanceGuard.Tests.Detection;

/// <summary>The syntax-reference features of a text: topic masked, and lower for well-formed prose than for the same words shuffled.</summary>
public class SyntaxProfileTests
{
    private static readonly FeatureOptions Options = new(HashBits: 12, MinWords: 5);

    private static double[] Dense(TextFeaturizer featurizer, string text)
    {
        var dense = new double[DenseFeatureLayout.Count];
        var sink = new DiscardingSink();
        Assert.True(featurizer.Extract(text, dense, ref sink));
        return dense;
    }

    private static double[] SyntaxFeatures(double[] dense) =>
        [.. DenseFeatureLayout.Features.Select((f, i) => (f, i)).Where(p => p.f.Group == DenseFeatureLayout.SyntaxGroup).Select(p => dense[p.i])];

    [Fact]
    public void Without_a_syntax_reference_its_features_are_zero()
    {
        using var corpus = new TestCorpus();
        Assert.All(SyntaxFeatures(Dense(corpus.Featurizer(Options), "The cat sat on the mat. The dog sat on the rug.")), v => Assert.Equal(0, v));
    }

    [Fact]
    public void Swapping_nouns_for_other_nouns_changes_nothing()
    {
        using var corpus = new TestCorpus();
        var featurizer = corpus.Featurizer(Options, syntax: true);
        var one = SyntaxFeatures(Dense(featurizer, "The cat sat on the mat. The old man said that the weather was cold."));
        var other = SyntaxFeatures(Dense(featurizer, "The dog sat on the rug. The old cat said that the mat was cold."));
        Assert.Contains(one, v => v != 0);
        Assert.Equal(one, other);
    }

    [BrownFact]
    public void Well_formed_prose_is_less_surprising_than_the_same_words_shuffled()
    {
        var corpus = ReferenceCorpus.Load(ReferenceCorpus.LocateBrown(AppContext.BaseDirectory, Directory.GetCurrentDirectory())!);
        var featurizer = new TextFeaturizer(ReferenceLanguageModel.Build(corpus), Options, syntax: SyntaxReference.Build(corpus));
        const string prose = "The committee met on Tuesday evening to discuss the proposed changes to the parking rules. Several residents spoke against "
            + "the plan, arguing that the new meters would hurt the small shops on the main street, and the mayor said she would ask for a second study.";
        var words = prose.Replace(",", "").Replace(".", "").Split(' ');
        var shuffled = string.Join(' ', words.OrderBy(w => (w.Length * 7919 + w[0]) % 13).ThenBy(w => w, StringComparer.Ordinal));

        var fluent = SyntaxFeatures(Dense(featurizer, string.Join(' ', words)));
        var scrambled = SyntaxFeatures(Dense(featurizer, shuffled));
        // [0] is the mean surprisal, [7] the mean gain of the three symbols before each one over none.
        Assert.True(fluent[0] < scrambled[0] - 0.5, $"fluent {fluent[0]:F2} vs shuffled {scrambled[0]:F2} nats");
        Assert.True(fluent[7] > scrambled[7] + 0.5, $"gain fluent {fluent[7]:F2} vs shuffled {scrambled[7]:F2} nats");
    }
}
