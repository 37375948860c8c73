using ProvenanceGuard.Generation;

namespace ProvenanceGuard.Tests.Generation;

public class WordNGramModelTests
{
    private static readonly string[][] Sentences =
    [
        ["the", "cat", "sat", "on", "the", "mat", "."],
        ["the", "cat", "ate", "the", "fish", "."],
        ["a", "dog", "sat", "on", "the", "mat", "."],
    ];

    private static readonly WordNGramModel Model = WordNGramModel.Train(Sentences);

    [Fact]
    public void Same_seed_same_text_and_another_seed_differs()
    {
        string Sample(int seed) => string.Join(" ", new WordNGramSampler(Model, new SamplingOptions(), new Random(seed)).NextDocument(40).SelectMany(s => s));
        Assert.Equal(Sample(1), Sample(1));
        Assert.Contains(Enumerable.Range(2, 10), seed => Sample(seed) != Sample(1));
    }

    [Fact]
    public void Top_k_of_one_is_greedy_and_follows_the_most_frequent_continuation()
    {
        var sentence = new WordNGramSampler(Model, new SamplingOptions { TopK = 1 }, new Random(0)).NextSentence();
        Assert.Equal(["the", "cat", "sat", "on", "the", "mat", "."], sentence);
    }

    [Fact]
    public void Samples_only_words_seen_in_training()
    {
        var vocabulary = Sentences.SelectMany(s => s).ToHashSet();
        var sampler = new WordNGramSampler(Model, new SamplingOptions { Temperature = 2, TopP = 0.9 }, new Random(7));
        Assert.All(sampler.NextDocument(200).SelectMany(s => s), w => Assert.Contains(w, vocabulary));
    }

    [Fact]
    public void Detokenizer_restores_running_text() =>
        Assert.Equal("He said, \"no\" (twice).", Detokenizer.Join(["He", "said", ",", "``", "no", "''", "(", "twice", ")", "."]));
}
