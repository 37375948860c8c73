using Xunit;
using ProvenanceGuard.Detection.Features;

namespace ProvenanceGuard.Tests.Detection;

public class TextFeaturizerTests
{
    private struct Collect(Dictionary<int, float> values) : ISparseFeatureSink
    {
        public readonly void Add(ReadOnlySpan<int> indices, float value)
        {
            foreach (var index in indices) values[index] = values.GetValueOrDefault(index) + value;
        }
    }

    private static (double[] Dense, Dictionary<int, float> Sparse)? Extract(TextFeaturizer featurizer, string text)
    {
        var dense = new double[DenseFeatureLayout.Count];
        var sparse = new Dictionary<int, float>();
        var sink = new Collect(sparse);
        return featurizer.Extract(text, dense, ref sink) ? (dense, sparse) : null;
    }

    private static double Feature(double[] dense, string name) =>
        dense[DenseFeatureLayout.IndexOf(name)];

    [Fact]
    public void Texts_under_the_minimum_word_count_are_not_judged()
    {
        using var corpus = new TestCorpus();
        var featurizer = corpus.Featurizer(new FeatureOptions(HashBits: 12, MinWords: 6));
        Assert.Null(Extract(featurizer, "The cat sat on it."));
        Assert.NotNull(Extract(featurizer, "The cat sat on the mat."));
    }

    [Fact]
    public void Lexical_diversity_of_a_text_with_one_repeated_word()
    {
        using var corpus = new TestCorpus();
        var (dense, _) = Extract(corpus.Featurizer(), "cat cat cat cat cat cat cat cat cat cat")!.Value;
        Assert.Equal(0.1, Feature(dense, "type_token_ratio"), 9);
        Assert.Equal(0.0, Feature(dense, "hapax_share"), 9);
        // Yule's K = 1e4 * (sum c^2 - N) / N^2 = 1e4 * (100 - 10) / 100
        Assert.Equal(9000, Feature(dense, "yules_k"), 6);
        // 8 word trigrams, all but the first repeat.
        Assert.Equal(7.0 / 8, Feature(dense, "repeated_word_trigrams"), 9);
    }

    [Fact]
    public void All_distinct_words_have_full_diversity_and_no_repetition()
    {
        using var corpus = new TestCorpus();
        var (dense, _) = Extract(corpus.Featurizer(), "one two three four five six seven eight")!.Value;
        Assert.Equal(1.0, Feature(dense, "type_token_ratio"), 9);
        Assert.Equal(1.0, Feature(dense, "mattr50"), 9);
        Assert.Equal(1.0, Feature(dense, "hapax_share"), 9);
        Assert.Equal(0.0, Feature(dense, "repeated_word_trigrams"), 9);
    }

    [Fact]
    public void Punctuation_and_function_word_rates_are_per_word()
    {
        using var corpus = new TestCorpus();
        var (dense, _) = Extract(corpus.Featurizer(), "The cat, the dog, and I sat. Did you?")!.Value;
        // 9 words: The cat the dog and I sat Did you
        Assert.Equal(2.0 / 9, Feature(dense, "comma_rate"), 9);
        Assert.Equal(1.0 / 9, Feature(dense, "question_rate"), 9);
        Assert.Equal(1.0 / 9, Feature(dense, "first_person_share"), 9);
        Assert.Equal(1.0 / 9, Feature(dense, "second_person_share"), 9);
        Assert.Equal(2.0 / 9, Feature(dense, "article_share"), 9);
    }

    [Fact]
    public void Layout_whitespace_and_typographic_quotes_do_not_change_any_feature()
    {
        using var corpus = new TestCorpus();
        var featurizer = corpus.Featurizer();
        var plain = Extract(featurizer, "The cat said \"don't\" to the dog and sat on the mat.")!.Value;
        var styled = Extract(featurizer, "The cat  said \u201Cdon\u2019t\u201D to the dog\n\nand sat on the mat.  ")!.Value;
        Assert.Equal(plain.Dense.Where((_, i) => DenseFeatureLayout.Features[i].Name != "log_chars"),
            styled.Dense.Where((_, i) => DenseFeatureLayout.Features[i].Name != "log_chars"));
        Assert.Equal(plain.Sparse.Keys.Order(), styled.Sparse.Keys.Order());
    }

    [Fact]
    public void A_familiar_sentence_is_less_surprising_than_a_scrambled_one()
    {
        using var corpus = new TestCorpus();
        var featurizer = corpus.Featurizer();
        var familiar = Extract(featurizer, "The cat sat on the mat. The dog sat on the rug.")!.Value;
        var scrambled = Extract(featurizer, "mat the on sat cat The. rug the on sat dog The.")!.Value;
        Assert.True(Feature(familiar.Dense, "surprisal_mean") < Feature(scrambled.Dense, "surprisal_mean"));
        Assert.True(Feature(familiar.Dense, "successor_seen") > Feature(scrambled.Dense, "successor_seen"));
    }

    [Fact]
    public void Sentence_statistics_split_on_terminal_punctuation()
    {
        using var corpus = new TestCorpus();
        var (dense, _) = Extract(corpus.Featurizer(), "The cat sat. The dog sat on the old mat today.")!.Value;
        // sentences of 4 and 9 tokens (terminal punctuation included)
        Assert.Equal(6.5, Feature(dense, "sentence_length_mean"), 9);
        Assert.Equal(2.5 / 6.5, Feature(dense, "sentence_length_cv"), 9);
    }

    [Fact]
    public void Skipping_the_opening_judges_only_what_follows_it()
    {
        using var corpus = new TestCorpus();
        const string opening = "London was running late .";   // five tokens
        const string body = "The old man said that the weather was cold, and he stayed home. The cat sat on the mat.";
        var skipping = corpus.Featurizer(new FeatureOptions(HashBits: 12, MinWords: 5, SkipOpeningTokens: 5));
        var whole = corpus.Featurizer(new FeatureOptions(HashBits: 12, MinWords: 5));
        var skipped = Extract(skipping, opening + " " + body)!.Value;
        var bodyOnly = Extract(whole, body)!.Value;
        Assert.Equal(bodyOnly.Dense, skipped.Dense);
        Assert.Equal(bodyOnly.Sparse.OrderBy(p => p.Key), skipped.Sparse.OrderBy(p => p.Key));
        Assert.NotEqual(bodyOnly.Dense, Extract(whole, opening + " " + body)!.Value.Dense);
    }

    [Fact]
    public void Skipping_the_opening_never_leaves_fewer_than_the_minimum_words()
    {
        using var corpus = new TestCorpus();
        // Eight words; skipping 100 tokens would leave none, so only the first two are skipped.
        var skipping = corpus.Featurizer(new FeatureOptions(HashBits: 12, MinWords: 6, SkipOpeningTokens: 100));
        var whole = corpus.Featurizer(new FeatureOptions(HashBits: 12, MinWords: 6));
        var skipped = Extract(skipping, "one two three four five six seven eight")!.Value;
        Assert.Equal(Extract(whole, "three four five six seven eight")!.Value.Dense, skipped.Dense);
    }

    [Fact]
    public void The_judged_part_starts_where_extraction_starts_judging()
    {
        using var corpus = new TestCorpus();
        const string opening = "London was running late . ";
        const string body = "The old man said that the weather was cold, and he stayed home.";
        var skipping = corpus.Featurizer(new FeatureOptions(HashBits: 12, MinWords: 5, SkipOpeningTokens: 5));
        Assert.Equal(opening.Length, skipping.JudgedStart(opening + body));
        // Too few words after 100 tokens: as in extraction, only the first two words are set aside.
        var few = corpus.Featurizer(new FeatureOptions(HashBits: 12, MinWords: 6, SkipOpeningTokens: 100));
        Assert.Equal("one two ".Length, few.JudgedStart("one two three four five six seven eight"));
        Assert.Equal(0, corpus.Featurizer().JudgedStart(opening + body));
    }

    [Fact]
    public void Spoken_reference_features_read_the_subtitle_frequencies()
    {
        using var corpus = new TestCorpus();
        var featurizer = corpus.Featurizer(new FeatureOptions(HashBits: 12, MinWords: 5), corpus.Spoken());
        var (common, _) = Extract(featurizer, "the cat sat the dog sat I don't")!.Value;
        var (rare, _) = Extract(featurizer, "tapestry vibrant testament delve moreover crucial landscape")!.Value;
        // Every word of the first text is in the list ("don't" through "don"); none of the second is.
        Assert.Equal(0.0, Feature(common, "spoken_oov_share"), 9);
        Assert.Equal(1.0, Feature(rare, "spoken_oov_share"), 9);
        Assert.Equal(1.0, Feature(common, "spoken_top100"), 9);
        Assert.True(Feature(common, "spoken_surprisal_mean") < Feature(rare, "spoken_surprisal_mean"));
        Assert.True(Feature(common, "spoken_rare_tail_mean") >= Feature(common, "spoken_surprisal_q90"));
        Assert.Equal(0.0, Feature(rare, "spoken_surprisal_std"), 9);
    }
}
