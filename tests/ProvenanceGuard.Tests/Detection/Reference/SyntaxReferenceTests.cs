using Xunit;
using ProvenanceGuard.Detection.Features;
using ProvenanceGuard.Detection.Reference;
using ProvenanceGuard.Detection.Tokenization;

namespace ProvenanceGuard.Tests.Detection;

/// <summary>The syntax reference: a Kneser-Ney 4-gram model of the tiny tagged test corpus's topic-masked stream.</summary>
public class SyntaxReferenceTests
{
    private static int Index(SyntaxReference syntax, ReferenceCorpus corpus, string word)
    {
        var token = WordTokenizer.Tokenize(word);
        Assert.True(token.MoveNext());
        var id = ReferenceLanguageModel.Identify(token.Current.Kind, token.CurrentHash);
        var index = syntax.IndexOf(SyntaxSymbols.Of(token.Current.Kind, id, corpus.Tags.TryGetTag(id, out var tag) ? tag : -1, corpus.Tags, word));
        Assert.NotEqual(0, index);
        return index;
    }

    [Fact]
    public void After_any_history_the_probabilities_of_every_symbol_sum_to_one()
    {
        using var test = new TestCorpus();
        var corpus = test.Load();
        var syntax = SyntaxReference.Build(corpus);
        int start = SyntaxReference.SentenceStart, the = Index(syntax, corpus, "the"), noun = Index(syntax, corpus, "cat"),
            verb = Index(syntax, corpus, "sat"), on = Index(syntax, corpus, "on");
        // Every symbol the model can predict: the unknown symbol (0) and the indexed ones (the sentence start is never predicted).
        var predictable = new[] { 0 }.Concat(Enumerable.Range(2, syntax.SymbolCount)).ToArray();
        (int, int, int)[] histories = [(start, start, start), (start, the, noun), (the, noun, verb), (noun, verb, on), (on, on, on), (0, verb, the)];
        // Surprisals are stored to a relative 4e-6 (a float short of 5 bits): a sum is one to about 1e-5.
        foreach (var (a, b, c) in histories)
            Assert.Equal(1.0, predictable.Sum(s => Math.Exp(-syntax.Surprisal(a, b, c, s))), 4);
    }

    [Fact]
    public void A_construction_the_reference_has_seen_is_more_probable_than_one_it_has_not()
    {
        using var test = new TestCorpus();
        var corpus = test.Load();
        var syntax = SyntaxReference.Build(corpus);
        int the = Index(syntax, corpus, "the"), noun = Index(syntax, corpus, "cat"), verb = Index(syntax, corpus, "sat"), on = Index(syntax, corpus, "on");
        // "the <noun> <verb> on" is in the corpus twice; "the <noun> <verb> the" never.
        Assert.True(syntax.Surprisal(SyntaxReference.SentenceStart, the, noun, verb) < Math.Log(2));
        Assert.True(syntax.Surprisal(the, noun, verb, on) < syntax.Surprisal(the, noun, verb, the) - 1);
        // A different noun is the same symbol: the model sees constructions, not topics.
        Assert.Equal(noun, Index(syntax, corpus, "dog"));
    }

    [Fact]
    public void A_symbol_the_reference_never_saw_is_unknown_and_still_has_a_probability()
    {
        using var test = new TestCorpus();
        var syntax = SyntaxReference.Build(test.Load());
        Assert.Equal(0, syntax.IndexOf(0xDEADBEEFUL));
        var surprisal = syntax.Surprisal(SyntaxReference.SentenceStart, SyntaxReference.SentenceStart, SyntaxReference.SentenceStart, 0);
        Assert.True(double.IsFinite(surprisal) && surprisal > Math.Log(10));
    }
}
