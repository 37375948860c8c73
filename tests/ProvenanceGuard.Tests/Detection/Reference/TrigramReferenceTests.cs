using Xunit;
using ProvenanceGuard.Detection.Reference;
using ProvenanceGuard.Detection.Tokenization;
using ProvenanceGuard.Tests.Support;

namespace ProvenanceGuard.Tests.Detection;

/// <summary>The scoring tables of the trigram reference against the trie model they are packed from.</summary>
public class TrigramReferenceTests
{
    private static readonly Lazy<(SphinxTrieLanguageModel Trie, TrigramReference Packed)> Models =
        new(() => (SphinxTrieLanguageModel.Load(TrigramReference.DebianPath), TrigramReference.Load(TrigramReference.DebianPath)));

    // One quantisation step of the packed tables (1/512 in log10), in nats: a backed-off probability sums two stored values.
    private static readonly double Step = Math.Log(10) / 512;

    [TrigramReferenceFact]
    public void Every_stored_bigram_and_trigram_is_read_back_within_half_a_step()
    {
        var (trie, packed) = Models.Value;
        var checkedCount = 0;
        foreach (var order in new[] { 2, 3 })
        {
            var seen = 0;
            trie.ForEachNgram(order, (words, log10Prob, _) =>
            {
                // Every 97th n-gram: spread over the whole table, a few seconds in all.
                if (seen++ % 97 != 0) return;
                var logProb = LastLogProb(packed, words);
                Assert.InRange(Math.Abs(logProb - log10Prob * Math.Log(10)), 0, Step / 2 + 1e-6);
                checkedCount++;
            });
        }
        Assert.True(checkedCount > 35_000, $"{checkedCount} n-grams checked");
    }

    [TrigramReferenceFact]
    public void Backed_off_probabilities_match_the_trie_within_one_step()
    {
        var (trie, packed) = Models.Value;
        var words = ("the committee met on tuesday evening to discuss the proposed changes to the town's parking rules several residents "
            + "spoke against the plan arguing that the new meters would hurt small shops on main street").Split(' ');
        // In order (mostly stored trigrams) and reversed (mostly unseen: backoff to bigrams and unigrams).
        foreach (var sequence in new[] { words, words.Reverse().ToArray() })
        {
            var ids = sequence.Select(w => packed.WordOf(TokenHasher.Hash(w))).ToArray();
            Assert.Equal(sequence.Select(trie.WordId), ids);
            for (var i = 0; i < ids.Length; i++)
            {
                int[] context = i switch { 0 => [ids[0]], 1 => [ids[0], ids[1]], _ => [ids[i - 2], ids[i - 1], ids[i]] };
                var expected = trie.Log10Prob(context) * Math.Log(10);
                var actual = LastLogProb(packed, context);
                Assert.InRange(Math.Abs(actual - expected), 0, Step + 1e-6);
            }
        }
    }

    [TrigramReferenceFact]
    public void A_whole_sequence_gives_what_each_word_gives_with_its_two_words_before_it_and_breaks_restart_the_context()
    {
        var (_, packed) = Models.Value;
        var ids = "the new meters would hurt small shops zqxjvw on main street and the plan".Split(' ').Select(w => packed.WordOf(TokenHasher.Hash(w))).ToArray();
        var all = new double[ids.Length];
        packed.LogProbs(ids, all);
        for (var i = 0; i < ids.Length; i++)
        {
            if (ids[i] < 0)
            {
                Assert.True(double.IsNaN(all[i]));
                continue;
            }
            var start = Math.Max(Math.Max(0, i - 2), Array.LastIndexOf(ids, -1, i) + 1);
            Assert.Equal(LastLogProb(packed, ids[start..(i + 1)]), all[i]);
        }
    }

    private static double LastLogProb(TrigramReference packed, ReadOnlySpan<int> words)
    {
        var logProbs = new double[words.Length];
        packed.LogProbs(words, logProbs);
        return logProbs[^1];
    }

    [TrigramReferenceFact]
    public void Words_are_found_case_folded_and_unknown_words_are_minus_one()
    {
        var (_, packed) = Models.Value;
        Assert.Equal(packed.WordOf(TokenHasher.Hash("york")), packed.WordOf(TokenHasher.Hash("York")));
        Assert.True(packed.WordOf(TokenHasher.Hash("york")) >= 0);
        Assert.Equal(-1, packed.WordOf(TokenHasher.Hash("zqxjvw")));
        Assert.Equal(-1, packed.WordOf(TokenHasher.Hash("<s>")));
    }
}
