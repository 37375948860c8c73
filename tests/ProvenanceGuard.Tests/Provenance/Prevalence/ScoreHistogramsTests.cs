using System.Text.Json.Nodes;
using ProvenanceGuard.Detection.Data;
using ProvenanceGuard.Detection.Training;
using ProvenanceGuard.Provenance.Prevalence;

namespace ProvenanceGuard.Tests.Provenance.Prevalence;

/// <summary>The model card's per-group out-of-fold LLR histograms, as <c>detect train</c> writes them and the mixture estimate reads them.</summary>
public class ScoreHistogramsTests
{
    private static LabelledText Text(bool machine, string? group) =>
        new("text", machine, group is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["group"] = group });

    [Fact]
    public void The_histograms_a_trained_card_keeps_bin_every_score_as_the_estimator_bins_it()
    {
        var random = new Random(3);
        var texts = Enumerable.Range(0, 400).Select(i => Text(i % 3 == 0, i % 7 == 0 ? null : "p" + (i % 40))).ToList();
        // Edges, tails and ordinary scores alike.
        var llr = texts.Select((t, i) => i switch { 0 => -10.0, 1 => 10.0, 2 => -25.0, 3 => 31.0, 4 => 0.1, _ => (t.IsMachine ? 1.5 : -0.5) + 3 * (random.NextDouble() - 0.5) }).ToList();
        var card = new JsonObject { ["operating_point"] = OperatingPoint.Measure(texts, llr, 2.0, "group") };

        // Through the JSON text, as a card is read from a model file.
        var read = ScoreHistograms.FromModelCard(JsonNode.Parse(card.ToJsonString())!.AsObject(), "model.json")!;

        Assert.Equal(LlrBins.Default, read.Bins);
        var expected = ScoreCalibrationGroup.FromScores(texts.Select((t, i) => (t.Field("group") is { Length: > 0 } g ? g : null, t.IsMachine, llr[i])), LlrBins.Default);
        Assert.Equal(expected.Count, read.Groups.Count);
        Assert.Equal(card["operating_point"]!["groups"]!.AsArray().Count, read.Groups.Count);
        Assert.Equal(Canonical(expected), Canonical(read.Groups));
    }

    [Fact]
    public void A_card_without_histograms_has_none()
    {
        var card = new JsonObject { ["operating_point"] = new JsonObject { ["threshold_llr"] = 2.0 } };
        Assert.Null(ScoreHistograms.FromModelCard(card, "old.json"));
    }

    [Theory]
    [InlineData("{\"llr_low\": -10, \"bin_width\": 0.1, \"bins\": 200, \"groups\": [[1, 2]]}", "groups[0]")]
    [InlineData("{\"llr_low\": -10, \"bin_width\": 0.1, \"bins\": 200, \"groups\": [[999, 1, 0]]}", "bin 999")]
    [InlineData("{\"llr_low\": -10, \"bin_width\": 0.1, \"bins\": 200, \"groups\": [[5, -1, 0]]}", "groups[0][1]")]
    [InlineData("{\"llr_low\": -10, \"bin_width\": 0, \"bins\": 200, \"groups\": []}", "width")]
    [InlineData("{\"bin_width\": 0.1, \"bins\": 200, \"groups\": []}", "llr_low")]
    [InlineData("{\"llr_low\": -10, \"bin_width\": 0.1, \"bins\": 200}", "groups")]
    public void A_malformed_field_is_a_data_error_naming_the_model_and_the_place(string histograms, string place)
    {
        var card = new JsonObject { ["operating_point"] = new JsonObject { ["score_histograms"] = JsonNode.Parse(histograms) } };

        var error = Assert.Throws<InvalidDataException>(() => ScoreHistograms.FromModelCard(card, "bad-model.json"));
        Assert.Contains("bad-model.json", error.Message);
        Assert.Contains(place, error.Message);
    }

    private static List<string> Canonical(IEnumerable<ScoreCalibrationGroup> groups) =>
        groups.Select(g => string.Join(" ", g.Machine.Select(c => $"m{c.Bin}:{c.Count}")) + " | " + string.Join(" ", g.Human.Select(c => $"h{c.Bin}:{c.Count}")))
            .OrderBy(s => s, StringComparer.Ordinal).ToList();
}
