using System.Text.Json.Nodes;
using ProvenanceGuard.Detection;
using ProvenanceGuard.Provenance.Prevalence;

namespace ProvenanceGuard.Tests.Provenance.Prevalence;

public class ModelCardRatesTests
{
    [Fact]
    public void The_default_detectors_rates_come_from_its_cross_validated_card_at_its_threshold()
    {
        var path = ProjectPaths.Require(DetectorModel.DefaultRelativePath, "model");
        var card = DetectorModel.Read(path).Card;

        var rates = ModelCardRates.Read(card, path);
        var groups = ModelCardRates.Groups(card, path)!;

        // The threshold leaves floor(1% of 969) = 9 out-of-fold humans above it; TPR is the card's TPR at 1% FPR.
        Assert.Equal((double)card["cross_validation"]!["overall"]!["tpr_at_1pct_fpr"]!, rates.Tpr, 3);
        Assert.Equal(9.0 / 969, rates.Fpr, 6);
        Assert.Equal(4864, rates.TprSamples);
        Assert.Equal(969, rates.FprSamples);
        // The per-group counts add up to the same rates, one entry per prompt group of dev.
        Assert.Equal(936, groups.Count);
        var pooled = CalibrationGroup.Pool(groups);
        Assert.Equal((rates.TprSamples, rates.FprSamples), (pooled.TprSamples, pooled.FprSamples));
        Assert.Equal(rates.Tpr, pooled.Tpr, 6);
        Assert.Equal(rates.Fpr, pooled.Fpr, 6);
    }

    [Fact]
    public void Group_counts_that_do_not_add_up_are_a_data_error_naming_the_model()
    {
        var card = Card();
        card["operating_point"]!["groups"] = new JsonArray(new JsonArray(3, 1, 2, 0), new JsonArray(1, 2, 0, 0));
        Assert.Contains("models/odd.json: operating_point.groups[1]", Assert.Throws<InvalidDataException>(() => ModelCardRates.Groups(card, "models/odd.json")).Message);
        card["operating_point"]!["groups"] = new JsonArray(new JsonArray(3, 1, 2));
        Assert.Throws<InvalidDataException>(() => ModelCardRates.Groups(card, "models/odd.json"));
        Assert.Null(ModelCardRates.Groups(Card(), "m.json"));
    }

    [Fact]
    public void Rates_stated_at_the_operating_point_win_over_derived_ones()
    {
        var card = Card();
        card["operating_point"]!["tpr"] = 0.7;
        card["operating_point"]!["fpr"] = 0.02;
        card["operating_point"]!["tpr_n"] = 300;
        card["operating_point"]!["fpr_n"] = 200;

        Assert.Equal(new DetectorErrorRates(0.7, 0.02, 300, 200), ModelCardRates.Read(card, "m.json"));
    }

    [Fact]
    public void A_five_percent_operating_point_uses_the_tpr_at_five_percent()
    {
        var card = Card();
        card["operating_point"]!["target_fpr"] = 0.05;

        var rates = ModelCardRates.Read(card, "m.json");

        Assert.Equal(0.4, rates.Tpr);
        Assert.Equal(50.0 / 1000, rates.Fpr, 12);
    }

    [Fact]
    public void A_card_without_measured_rates_is_a_data_error_naming_the_model()
    {
        var card = Card();
        ((JsonObject)card["cross_validation"]!["overall"]!).Remove("tpr_at_1pct_fpr");

        var error = Assert.Throws<InvalidDataException>(() => ModelCardRates.Read(card, "models/odd.json"));
        Assert.Contains("models/odd.json", error.Message);
        Assert.Throws<InvalidDataException>(() => ModelCardRates.Read(new JsonObject(), "models/odd.json"));
    }

    private static JsonObject Card() => new()
    {
        ["counts"] = new JsonObject { ["machine"] = 2000, ["human"] = 1000 },
        ["operating_point"] = new JsonObject { ["target_fpr"] = 0.01, ["threshold_llr"] = 2.0 },
        ["cross_validation"] = new JsonObject { ["overall"] = new JsonObject { ["tpr_at_1pct_fpr"] = 0.2, ["tpr_at_5pct_fpr"] = 0.4 } },
    };
}
