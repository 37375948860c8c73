using Xunit;
using ProvenanceGuard.Detection.Features;
using ProvenanceGuard.Detection.Reference;
using ProvenanceGuard.Tests.Support;

namespace ProvenanceGuard.Tests.Detection;

/// <summary>The trigram-reference features of a text, computed with the real CMU Sphinx model.</summary>
public class TrigramProfileTests
{
    private static readonly Lazy<TrigramReference> Trigram = new(() => TrigramReference.Load(TrigramReference.DebianPath));

    private const string Fluent =
        "The committee met on Tuesday evening to discuss the proposed changes to the parking rules. Several residents spoke against the plan, "
        + "arguing that the new meters would hurt the small shops on the main street, and the mayor said she would ask for a second study.";

    private static double[] Dense(TextFeaturizer featurizer, string text)
    {
        var dense = new double[DenseFeatureLayout.Count];
        var sink = new NoSink();
        Assert.True(featurizer.Extract(text, dense, ref sink));
        return dense;
    }

    private static double Feature(double[] dense, string name) => dense[DenseFeatureLayout.Features.ToList().FindIndex(f => f.Name == name)];

    private struct NoSink : ISparseFeatureSink
    {
        public readonly void Add(ReadOnlySpan<int> indices, float value) { }
    }

    [Fact]
    public void Without_a_trigram_reference_its_features_are_zero()
    {
        using var corpus = new TestCorpus();
        var dense = Dense(corpus.Featurizer(new FeatureOptions(HashBits: 12, MinWords: 5)), Fluent);
        Assert.All(DenseFeatureLayout.Features.Select((f, i) => (f, i)).Where(p => p.f.Group == "trigram_reference"), p => Assert.Equal(0, dense[p.i]));
    }

    [TrigramReferenceFact]
    public void Fluent_word_order_is_less_surprising_than_the_same_words_shuffled()
    {
        using var corpus = new TestCorpus();
        var featurizer = new TextFeaturizer(ReferenceLanguageModel.Build(corpus.Load()), new FeatureOptions(HashBits: 12, MinWords: 5), trigram: Trigram.Value);
        var words = Fluent.Replace(",", "").Replace(".", "").Split(' ');
        var shuffled = string.Join(' ', words.OrderBy(w => (w.Length * 7919 + w[0]) % 13).ThenBy(w => w, StringComparer.Ordinal));

        var fluent = Dense(featurizer, Fluent);
        var scrambled = Dense(featurizer, shuffled);

        // Same words, so the same unigram surprisal; the two words before each one help only in fluent order.
        Assert.Equal(Feature(fluent, "trigram_unigram_surprisal_mean"), Feature(scrambled, "trigram_unigram_surprisal_mean"), 9);
        Assert.True(Feature(fluent, "trigram_surprisal_mean") < Feature(scrambled, "trigram_surprisal_mean") - 1);
        Assert.True(Feature(fluent, "trigram_context_gain_mean") > Feature(scrambled, "trigram_context_gain_mean") + 1);
        Assert.Equal(0, Feature(fluent, "trigram_oov_share"));
    }

    [TrigramReferenceFact]
    public void Numbers_and_words_the_model_does_not_know_are_counted_unknown()
    {
        using var corpus = new TestCorpus();
        var featurizer = new TextFeaturizer(ReferenceLanguageModel.Build(corpus.Load()), new FeatureOptions(HashBits: 12, MinWords: 5), trigram: Trigram.Value);
        var dense = Dense(featurizer, "In 1997 the zqxjvw of the city grew by 12 percent and the people were glad of it");
        // 18 words and numbers, three of them unknown: 1997, zqxjvw, 12.
        Assert.Equal(3.0 / 18, Feature(dense, "trigram_oov_share"), 12);
    }
}
