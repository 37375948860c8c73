using Xunit;
using ProvenanceGuard.Detection.Reference;
using ProvenanceGuard.Detection.Tokenization;

namespace ProvenanceGuard.Tests.Detection;

public class SpokenWordFrequenciesTests
{
    [Fact]
    public void Words_that_fold_to_one_id_are_merged_and_ranked_by_count()
    {
        using var corpus = new TestCorpus();
        var spoken = corpus.Spoken();
        // "I" (600) and "i" (50) are one word after case folding: 650 ranks second, above "cat" (300).
        Assert.Equal(6, spoken.Count);
        Assert.Equal(1, spoken.Lookup(TokenHasher.Hash("The")).Rank);
        Assert.Equal(2, spoken.Lookup(TokenHasher.Hash("i")).Rank);
        Assert.Equal(650, spoken.Counts[1]);
        Assert.Equal(3, spoken.Lookup(TokenHasher.Hash("cat")).Rank);
        Assert.Equal(2290, spoken.TokenTotal);
    }

    [Fact]
    public void Surprisal_is_add_half_smoothed_and_unknown_words_are_the_most_surprising()
    {
        using var corpus = new TestCorpus();
        var spoken = corpus.Spoken();
        var denominator = 2290 + 0.5 * (6 + 1);
        Assert.Equal(-Math.Log(1000.5 / denominator), spoken.Lookup(TokenHasher.Hash("the")).Surprisal, 12);
        var unknown = spoken.Lookup(TokenHasher.Hash("tapestry"));
        Assert.Equal(0, unknown.Rank);
        Assert.Equal(-Math.Log(0.5 / denominator), unknown.Surprisal, 12);
        Assert.True(unknown.Surprisal > spoken.Lookup(TokenHasher.Hash("sat")).Surprisal);
    }

    [Fact]
    public void A_missing_word_falls_back_to_the_given_alternative()
    {
        using var corpus = new TestCorpus();
        var spoken = corpus.Spoken();
        Assert.Equal(0, spoken.Lookup(TokenHasher.Hash("don't")).Rank);
        Assert.Equal(5, spoken.Lookup(TokenHasher.Hash("don't"), TokenHasher.Hash("don")).Rank);
    }

    [Fact]
    public void A_table_saved_in_a_model_rebuilds_the_same_evidence()
    {
        using var corpus = new TestCorpus();
        var spoken = corpus.Spoken();
        var copy = SpokenWordFrequencies.FromTable(spoken.Ids, spoken.Counts, spoken.SourceDigest, spoken.Description);
        foreach (var word in new[] { "the", "I", "cat", "dog", "don", "sat", "zebra" })
            Assert.Equal(spoken.Lookup(TokenHasher.Hash(word)), copy.Lookup(TokenHasher.Hash(word)));
        Assert.Throws<InvalidDataException>(() => SpokenWordFrequencies.FromTable([1, 2], [5, 9], "", "unsorted"));
    }

    [Fact]
    public void A_malformed_list_is_a_data_error_naming_the_file_and_entry()
    {
        using var corpus = new TestCorpus();
        var path = Path.Combine(corpus.Directory, "bad.json");
        File.WriteAllText(path, """[{"word": "the", "count": 5}, {"word": "cat"}]""");
        var e = Assert.Throws<InvalidDataException>(() => SpokenWordFrequencies.LoadSubtlex(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("entry 1", e.Message);
        File.WriteAllText(path, "[{\"word\": ");
        Assert.Contains(path, Assert.Throws<InvalidDataException>(() => SpokenWordFrequencies.LoadSubtlex(path)).Message);
    }
}
