using ProvenanceGuard.Generation;

namespace ProvenanceGuard.Tests.Generation;

public class TokenBiasTests
{
    private static readonly string[][] Sentences =
    [
        ["the", "cat", "sat", "on", "the", "mat", "."],
        ["the", "dog", "sat", "on", "the", "rug", "."],
        ["a", "cat", "ate", "the", "fish", "."],
    ];

    private static readonly WordNGramModel Model = WordNGramModel.Train(Sentences);

    /// <summary>Multiplies one word's weight and remembers the last emitted word's length as its context.</summary>
    private sealed class WordBias(string word, double factor) : ITokenBias
    {
        public List<ulong?> ContextsSeen { get; } = [];

        public double Factor(ulong? context, string candidate)
        {
            ContextsSeen.Add(context);
            return candidate == word ? factor : 1.0;
        }

        public ulong? Advance(ulong? context, string emitted) => (ulong)emitted.Length;
    }

    private static List<string> Sample(ITokenBias? bias, int seed = 5) =>
        new WordNGramSampler(Model, new SamplingOptions { Temperature = 1.3 }, new Random(seed), bias).NextDocument(300).SelectMany(s => s).ToList();

    [Fact]
    public void A_neutral_bias_draws_exactly_what_no_bias_draws() =>
        Assert.Equal(Sample(null), Sample(new WordBias("cat", 1.0)));

    [Fact]
    public void A_vanishing_weight_keeps_a_word_out_and_a_large_one_favours_it()
    {
        Assert.DoesNotContain("dog", Sample(new WordBias("dog", 1e-12)));
        // "dog" is only drawn after a sentence-opening "the" (the trigram context "<s> the"), against "cat".
        static double DogShare(ITokenBias? bias) =>
            new WordNGramSampler(Model, new SamplingOptions { Temperature = 1.3 }, new Random(5), bias).NextDocument(300)
                .Where(s => s[0] == "the").Average(s => s[1] == "dog" ? 1.0 : 0.0);
        var plain = DogShare(null);
        var favoured = DogShare(new WordBias("dog", 50));
        Assert.True(plain < 0.7 && favoured > 0.9, $"a sentence-opening 'the' is followed by dog {plain:P0} of the time plain, {favoured:P0} favoured");
    }

    [Fact]
    public void The_bias_context_starts_empty_and_follows_the_emitted_words()
    {
        var bias = new WordBias("cat", 1.0);
        Sample(bias);
        Assert.Null(bias.ContextsSeen[0]);
        Assert.Contains(bias.ContextsSeen, c => c == 3);
    }
}
