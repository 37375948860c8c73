using ProvenanceGuard.Curation.NearDuplicates;
using ProvenanceGuard.Tests.Support;
using Xunit.Abstractions;

namespace ProvenanceGuard.Tests.Curation;

/// <summary>The MinHash LSH index: what it finds, what it does not, and its measured precision and recall on Brown Corpus text.</summary>
public class NearDuplicateIndexTests(ITestOutputHelper output)
{
    /// <summary>Brown Corpus passages of 120 to 300 words, in corpus order.</summary>
    private static List<string> Passages(int count)
    {
        var passages = new List<string>();
        foreach (var document in SharedResources.BrownCorpus!.Documents())
        {
            var words = document.Sentences.SelectMany(s => s).ToList();
            for (var start = 0; start + 300 <= words.Count && passages.Count < count; start += 300)
                passages.Add(string.Join(' ', words.Skip(start).Take(120 + (start / 300 * 37) % 180)));
            if (passages.Count >= count) break;
        }
        return passages;
    }

    [Fact]
    public void Identical_and_lightly_edited_texts_match_their_anchor_and_unrelated_texts_do_not()
    {
        var index = new NearDuplicateIndex(new MinHashOptions());
        var random = new Random(3);
        var text = TestCorpus.Text(random, 300);
        Assert.Null(index.FindOrAdd(text, "a"));

        var same = index.FindOrAdd(text, "b");
        Assert.Equal(0, same!.Value.Anchor);
        Assert.Equal(1.0, same.Value.Similarity, 3);
        Assert.Equal("a", index.RepresentativeOf(0));

        var words = text.Split(' ');
        words[150] = "zeppelin";
        Assert.Equal(0, index.FindOrAdd(string.Join(' ', words), "c")!.Value.Anchor);

        Assert.Null(index.FindOrAdd(TestCorpus.Text(random, 300), "d"));
        Assert.Equal(2, index.Anchors);
    }

    [Fact]
    public void Settings_give_the_textbook_candidate_curve()
    {
        var options = new MinHashOptions();
        Assert.InRange(options.CandidateThreshold, 0.75, 0.82);
        Assert.InRange(options.CandidateProbability(0.9), 0.99, 1.0);
        Assert.InRange(options.CandidateProbability(0.5), 0.0, 0.02);
        Assert.Equal(120 + 12 * 4 + 12 * 24 + 12, new NearDuplicateIndex(options).ApproximateBytesPerAnchor);
    }

    [BrownFact]
    public void Measured_precision_and_recall_at_1_5_10_and_30_percent_word_edits()
    {
        var passages = Passages(600);
        var results = new[] { 0.01, 0.05, 0.10, 0.30 }.Select(rate => NearDuplicateTrial.Run(passages, rate, new MinHashOptions(), seed: 7)).ToList();
        output.WriteLine("edit rate | mean true shingle Jaccard | precision | recall | found / injected | false positives | pairs with J >= 0.8 | recall on those");
        foreach (var r in results)
            output.WriteLine($"{r.EditRate:P0} | {r.MeanTrueJaccard:0.000} | {r.Precision:0.000} | {r.Recall:0.000} | {r.TruePositives}/{r.Originals} | {r.FalsePositives} | {r.PairsAboveThreshold} | {r.RecallAboveThreshold:0.000}");

        // Word 5-gram shingles: an edit breaks up to five shingles, so Jaccard falls fast with the edit rate.
        // The 0.8 threshold is for copies with light edits; heavier rewrites are, by design, not near duplicates.
        Assert.All(results, r => Assert.Equal(0, r.FalsePositives));
        Assert.True(results[0].Recall >= 0.85, $"1% edits: recall {results[0].Recall}");
        // Pairs just above 0.8 are candidates with probability ~0.74 and their 120-hash estimate scatters by ~0.035, so some are lost.
        Assert.True(results[0].RecallAboveThreshold >= 0.9, $"1% edits, pairs at or above the threshold: recall {results[0].RecallAboveThreshold}");
        Assert.True(results[0].MeanTrueJaccard > 0.85);
        Assert.True(results[3].Recall <= 0.01, $"30% edits (Jaccard {results[3].MeanTrueJaccard:0.00}) are not near duplicates at 0.8: recall {results[3].Recall}");
        Assert.True(results.Zip(results.Skip(1)).All(p => p.First.Recall >= p.Second.Recall), "recall falls as edits grow");
    }

    [BrownFact]
    public void A_lower_threshold_trades_precision_for_recall_on_heavier_edits()
    {
        var passages = Passages(300);
        var loose = new MinHashOptions { Bands = 40, Rows = 3, Threshold = 0.3 };
        var strict = NearDuplicateTrial.Run(passages, 0.10, new MinHashOptions(), seed: 11);
        var relaxed = NearDuplicateTrial.Run(passages, 0.10, loose, seed: 11);
        output.WriteLine($"10% edits: default recall {strict.Recall:0.000}; bands 40 x rows 3, threshold 0.3: precision {relaxed.Precision:0.000} recall {relaxed.Recall:0.000}");
        Assert.True(relaxed.Recall > strict.Recall + 0.3);
        Assert.True(relaxed.Precision >= 0.95);
    }
}
