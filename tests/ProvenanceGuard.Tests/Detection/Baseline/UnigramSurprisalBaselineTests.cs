using System.Text.Json;
using ProvenanceGuard.Demo;
using ProvenanceGuard.Detection.Baseline;
using ProvenanceGuard.Tests.Support;

namespace ProvenanceGuard.Tests.Detection.Baseline;

public class UnigramSurprisalBaselineTests
{
    [BrownFact]
    public void Predictable_text_scores_as_more_machine_like_than_text_of_rare_words()
    {
        var baseline = SharedResources.DemoBaseline!;
        var common = baseline.Score("It was the best of the time and it was the one that he had to do with the man in the house of the old.");
        var rare = baseline.Score("Quixotic zephyrs bewildered phlegmatic archivists cataloguing obsidian reliquaries beneath crenellated parapets near pellucid fjords, " +
            "while garrulous cormorants harangued taciturn lighthouse keepers about tessellated mosaics and pernickety fog.");
        Assert.True(common.PMachine > rare.PMachine, $"{common.PMachine} vs {rare.PMachine}");
        Assert.True(common.LogLikelihoodRatio > rare.LogLikelihoodRatio);
    }

    [BrownFact]
    public void Too_short_text_gets_a_flag_not_a_guess()
    {
        var score = SharedResources.DemoBaseline!.Score("Only five words are here.");
        Assert.True(score.TooShort);
        Assert.True(double.IsNaN(score.PMachine));
    }

    [BrownFact]
    public void A_model_fitted_on_another_reference_corpus_is_refused()
    {
        using var temp = new TempFolder();
        var path = temp.Write("model.json", JsonSerializer.Serialize(new UnigramSurprisalModel { Slope = -1, Intercept = 10, ReferenceCorpusDigest = new string('0', 64) },
            UnigramSurprisalBaseline.JsonOptions));
        var e = Assert.Throws<ConfigurationException>(() => UnigramSurprisalBaseline.Load(path, SharedResources.BrownReference!));
        Assert.Contains("reference corpus", e.Message);
    }

    [BrownFact]
    public void Fitting_on_the_demo_setting_separates_held_out_demo_text()
    {
        var builder = new DemoCorpusBuilder(SharedResources.BrownCorpus!, new DemoCorpusOptions());
        var model = BaselineFitter.Fit(SharedResources.BrownReference!, builder.LabelledSample(seed: 11, machineDocuments: 100), "test");
        var baseline = new UnigramSurprisalBaseline(SharedResources.BrownReference!, model);

        var heldOut = builder.LabelledSample(seed: 12, machineDocuments: 100);
        var scores = heldOut.Select(s => baseline.Score(s.Text).LogLikelihoodRatio).ToList();
        var auroc = BaselineFitter.Auroc(scores, heldOut.Select(s => s.IsMachine).ToList());
        Assert.True(auroc > 0.85, $"held-out AUROC {auroc:0.###}");
    }

    [SharedDataFact]
    public void On_real_llm_text_the_baseline_is_weak_but_better_than_chance()
    {
        // Measured 0.62 on dev.jsonl: this guards the documented figure, it does not flatter the baseline.
        var model = BaselineFitter.FitFiles(SharedResources.BrownReference!, [SharedResources.DetectDevData!]);
        Assert.InRange(model.Metrics!["training_auroc"], 0.58, 0.70);
    }

    // Computed with the FNV-1a word keys (before the scan's keys were made cheaper): changing how words are keyed must
    // not move any text's mean surprisal by a single bit.
    private static readonly (int Words, double MeanBits)[] PinnedMeans =
    [
        (26, 6.727777444399321),
        (14, 18.472517354147776),
        (15, 13.526373036702473),
        (16, 14.938221454620361),
        (6, 16.869993050893147),
        (0, double.NaN),
    ];

    [BrownFact]
    public void The_demo_baselines_mean_surprisal_of_fixed_texts_is_pinned_to_the_bit()
    {
        var baseline = SharedResources.DemoBaseline!;
        var actual = PinnedTexts.Select(t => (Text: t, Result: baseline.MeanSurprisal(t))).ToList();
        var report = string.Join("\n", actual.Select(a => $"{a.Result.Words}, {a.Result.MeanBits:R}"));
        Assert.True(PinnedMeans.Length == PinnedTexts.Length, report);
        for (var i = 0; i < PinnedTexts.Length; i++)
        {
            Assert.Equal(PinnedMeans[i].Words, actual[i].Result.Words);
            Assert.True(BitConverter.DoubleToInt64Bits(PinnedMeans[i].MeanBits) == BitConverter.DoubleToInt64Bits(actual[i].Result.MeanBits),
                $"text {i}: {actual[i].Result.MeanBits:R}, pinned {PinnedMeans[i].MeanBits:R}\n{report}");
        }
    }

    private static readonly string[] PinnedTexts =
    [
        "It was the best of the time and it was the one that he had to do with the man in the house of the old.",
        "Quixotic zephyrs bewildered phlegmatic archivists cataloguing obsidian reliquaries beneath crenellated parapets near pellucid fjords.",
        "Don't stop: the well-known AB1 costs 1,000.50 -- a b's z- and O'Brien's self-made mother-in-law wasn't there.",
        "Café naïve résumé: the coöperative's façade, a’b and “quoted” words; Straße, ΑΒΓ δέλτα, 🙂 and 1.٣ ٣3 a\u00A0b.",
        "INTERNATIONALIZATION and counterrevolutionaries, antidisestablishmentarianism, pneumonoultramicroscopicsilicovolcanoconiosis, x.",
        "",
    ];

    [Fact]
    public void Auroc_counts_ties_as_half() =>
        Assert.Equal(3.5 / 4, BaselineFitter.Auroc([0.1, 0.5, 0.5, 0.9], [false, false, true, true]));
}
