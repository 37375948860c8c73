using Xunit;
using ProvenanceGuard.Detection.Data;
using ProvenanceGuard.Detection.Features;
using ProvenanceGuard.Detection.Training;

namespace ProvenanceGuard.Tests.Detection.Training;

/// <summary>The length check: held-out texts cut short and joined in pairs, scored by the grouped folds' own fits.</summary>
public class LengthCheckTests
{
    private static LabelledText Text(string text, bool machine, string group, string domain = "news", string generator = "") =>
        new(text, machine, new Dictionary<string, string> { ["group"] = group, ["domain"] = domain, ["generator"] = generator });

    [Fact]
    public void A_cut_keeps_the_first_words_joined_by_single_spaces()
    {
        Assert.Equal("one two three", LengthVariants.Cut("one  two\nthree four five", 3));
        Assert.Equal("one two", LengthVariants.Cut(" one two ", 60));
    }

    [Fact]
    public void Joined_pairs_share_label_domain_and_generator_come_from_different_groups_and_use_each_text_once()
    {
        var texts = new List<LabelledText>
        {
            Text("h1", false, "a"), Text("h2", false, "b"), Text("h3", false, "c"), Text("h4", false, "d"),
            Text("m1", true, "a", generator: "x"), Text("m2", true, "b", generator: "x"),
            Text("m3", true, "c", generator: "y"), // alone in its kind: no partner
            Text("h5", false, "e", domain: "wiki"), Text("h6", false, "e", domain: "wiki"), // one group: no pair
        };
        var pairs = LengthVariants.JoinedPairs(texts, Enumerable.Range(0, texts.Count), "group");

        Assert.Equal([(0, 2), (1, 3), (4, 5)], pairs.OrderBy(p => p.First).ToArray());
        Assert.All(pairs, p =>
        {
            Assert.Equal(texts[p.First].IsMachine, texts[p.Second].IsMachine);
            Assert.Equal(texts[p.First].Field("domain"), texts[p.Second].Field("domain"));
            Assert.Equal(texts[p.First].Field("generator"), texts[p.Second].Field("generator"));
            Assert.NotEqual(texts[p.First].Field("group"), texts[p.Second].Field("group"));
        });
        var used = pairs.SelectMany(p => new[] { p.First, p.Second }).ToList();
        Assert.Equal(used.Count, used.Distinct().Count());
    }

    private static TrainingOutcome TrainWithLengthCheck()
    {
        using var corpus = new TestCorpus();
        var features = new FeatureOptions(HashBits: 12, MinWords: 10, SkipOpeningTokens: 0);
        var options = new TrainingOptions(features, new LogisticRegressionOptions(MaxIterations: 50), Folds: 3, Threads: 1);
        var file = new LabelledDataFile("synthetic.jsonl", new string('0', 64), SyntheticStyles.Texts(90, 1, words: 100));
        return new DetectorTrainer(corpus.Featurizer(features)).Train([file], options, new ValidationPlan(LengthCheck: true), []);
    }

    [Fact]
    public void Training_with_the_length_check_reports_the_three_variants_and_the_first_is_grouped_cv_itself()
    {
        var outcome = TrainWithLengthCheck();

        var rows = outcome.HeldOut.Where(h => h.Protocol == LengthCheck.Protocol).ToList();
        Assert.Equal(["as judged", $"cut to the first {LengthCheck.CutWords} words", "two held-out texts joined"], rows.Select(r => r.HeldOut));
        // Platt calibration is monotone, so the raw scores of the same fits rank the texts as the card's grouped CV does.
        Assert.Equal(outcome.CrossValidation.Overall.Auroc, rows[0].Auroc, 9);
        Assert.Equal(90, rows[0].N);
        Assert.Equal(90, rows[1].N);
        Assert.InRange(rows[2].N, 40, 45);
        Assert.All(rows, r => Assert.InRange(r.Auroc, 0.9, 1.0)); // two vocabularies: separable at any length
        Assert.Contains("--length-check", outcome.Card["rebuild"]!.GetValue<string>());
    }

    [Fact]
    public void Each_variant_reports_the_rates_at_the_models_threshold_and_the_texts_as_judged_give_the_cards_operating_point()
    {
        var outcome = TrainWithLengthCheck();

        var rows = outcome.HeldOut.Where(h => h.Protocol == LengthCheck.Protocol).ToList();
        Assert.All(rows, r => Assert.NotNull(r.AtThreshold));
        var operatingPoint = outcome.Card["operating_point"]!;
        Assert.Equal((double)operatingPoint["tpr"]!, rows[0].AtThreshold!.Tpr, 6);
        Assert.Equal((double)operatingPoint["fpr"]!, rows[0].AtThreshold!.Fpr, 6);
        Assert.All(rows.Skip(1), r => Assert.InRange(r.AtThreshold!.Tpr, 0.0, 1.0));
        var card = ModelCard.ToMarkdown(outcome.Card, "model.json", "digest");
        var joined = outcome.Card["held_out"]![2]!;
        Assert.Contains($"| {LengthCheck.Protocol} | two held-out texts joined | {joined["tpr_at_threshold"]} | {joined["fpr_at_threshold"]} |", card);
    }
}
