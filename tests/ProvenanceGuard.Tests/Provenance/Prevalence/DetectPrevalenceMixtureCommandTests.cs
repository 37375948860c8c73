using System.Text.Json;
using System.Text.Json.Nodes;
using ProvenanceGuard.Detection;
using ProvenanceGuard.Detection.Data;
using ProvenanceGuard.Detection.Training;
using ProvenanceGuard.Provenance.Prevalence;
using ProvenanceGuard.Tests.Support;

namespace ProvenanceGuard.Tests.Provenance.Prevalence;

/// <summary><c>provguard detect prevalence --method mixture</c>: the share fitted from every text's score.</summary>
public class DetectPrevalenceMixtureCommandTests
{
    [SharedDataTrigramFact]
    public void Card_histograms_and_the_same_texts_as_calibration_give_the_share_the_estimator_fits_to_every_score()
    {
        using var folder = new TempFolder();
        var dev = File.ReadLines(SharedResources.DetectDevData!).ToList();
        var data = folder.Write("texts.jsonl", string.Join("\n", dev.Take(150)) + "\n");
        var calibration = folder.Write("calibration.jsonl", string.Join("\n", dev.Skip(150).Take(300)) + "\n");
        var model = ProjectPaths.Require(DetectorModel.DefaultRelativePath, "model");
        var detector = DetectorModel.Load(model);

        // A copy of the model whose card keeps the calibration texts' histograms, written the way `detect train` writes them.
        var labelled = LabelledTextReader.Read(calibration).Texts;
        var judged = labelled.Select(t => (Text: t, Score: detector.Score(t.Text))).Where(s => !s.Score.TooShort).ToList();
        var point = OperatingPoint.Measure(judged.Select(s => s.Text).ToList(), judged.Select(s => s.Score.LogLikelihoodRatio).ToList(), detector.ThresholdLlr, "group");
        var copy = JsonNode.Parse(File.ReadAllText(model))!.AsObject();
        copy["card"]!["operating_point"]!["score_histograms"] = point["score_histograms"]!.DeepClone();
        var withHistograms = folder.Write("with-histograms.json", copy.ToJsonString());

        var fromCard = CliProcess.Run(folder.Path, "detect", "prevalence", "--model", withHistograms, "--data", data, "--method", "mixture", "--json");
        var fromTexts = CliProcess.Run(folder.Path, "detect", "prevalence", "--model", model, "--data", data, "--method", "mixture", "--calibration", calibration, "--json");

        Assert.True(fromCard.ExitCode == 0, fromCard.Stderr);
        Assert.True(fromTexts.ExitCode == 0, fromTexts.Stderr);
        var card = JsonDocument.Parse(fromCard.Stdout).RootElement;
        var texts = JsonDocument.Parse(fromTexts.Stdout).RootElement;
        Assert.Equal("mixture", card.GetProperty("method").GetString());
        Assert.Equal("mixture", texts.GetProperty("method").GetString());
        Assert.StartsWith("model card out-of-fold score histograms", card.GetProperty("detector").GetProperty("densities_from").GetString());
        Assert.StartsWith("model card's validation groups resampled", card.GetProperty("interval").GetString());
        Assert.StartsWith("calibration resampled by group", texts.GetProperty("interval").GetString());
        foreach (var run in new[] { card, texts })
        {
            var d = run.GetProperty("detector");
            Assert.Equal(judged.Count(s => s.Text.IsMachine), d.GetProperty("machine_n").GetInt32());
            Assert.Equal(judged.Count(s => !s.Text.IsMachine), d.GetProperty("human_n").GetInt32());
        }

        // The point estimate does not depend on the bootstrap: both runs, and the estimator on the same scores, agree.
        var scores = dev.Take(150).Select(l => JsonNode.Parse(l)!["text"]!.GetValue<string>()).Select(t => detector.Score(t)).Where(s => !s.TooShort)
            .Select(s => (IReadOnlyList<BinCount>)[new BinCount(LlrBins.Default.Index(s.LogLikelihoodRatio), 1)]).ToList();
        var groups = ScoreCalibrationGroup.FromScores(judged.Select(s => ((string?)s.Text.Field("group"), s.Text.IsMachine, s.Score.LogLikelihoodRatio)), LlrBins.Default);
        var expected = new MixturePrevalenceEstimator(new MixtureOptions { Replicates = 100 }).Estimate(scores, groups, LlrBins.Default, new Random(1)).Share;
        var overall = card.GetProperty("overall");
        Assert.Equal(scores.Count, overall.GetProperty("n").GetInt32());
        Assert.Equal(expected, overall.GetProperty("share").GetDouble(), 5);
        Assert.Equal(expected, texts.GetProperty("overall").GetProperty("share").GetDouble(), 5);
        Assert.InRange(overall.GetProperty("share").GetDouble(), overall.GetProperty("ci_low").GetDouble(), overall.GetProperty("ci_high").GetDouble());
    }

    [SharedDataTrigramFact]
    public void A_card_without_score_histograms_falls_back_to_the_threshold_method_and_says_so()
    {
        using var folder = new TempFolder();
        var data = folder.Write("texts.jsonl", string.Join("\n", File.ReadLines(SharedResources.DetectDevData!).Take(40)) + "\n");
        var model = JsonNode.Parse(File.ReadAllText(ProjectPaths.Require(DetectorModel.DefaultRelativePath, "model")))!.AsObject();
        model["card"]!["operating_point"]!.AsObject().Remove("score_histograms");
        var modelPath = folder.Write("old-card.json", model.ToJsonString());

        var run = CliProcess.Run(folder.Path, "detect", "prevalence", "--model", modelPath, "--data", data, "--method", "mixture", "--json");

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("old-card.json", run.Stderr);
        Assert.Contains("no operating_point.score_histograms", run.Stderr);
        Assert.Contains("falling back to --method threshold", run.Stderr);
        var result = JsonDocument.Parse(run.Stdout).RootElement;
        Assert.Equal("threshold", result.GetProperty("method").GetString());
        Assert.Equal(40, result.GetProperty("overall").GetProperty("n").GetInt32() + result.GetProperty("too_short").GetInt32());
    }

    [Fact]
    public void An_unknown_method_is_a_usage_error()
    {
        using var folder = new TempFolder();
        var data = folder.Write("texts.jsonl", "{\"text\": \"anything\"}\n");
        var run = CliProcess.Run(folder.Path, "detect", "prevalence", "--model", ProjectPaths.Require(DetectorModel.DefaultRelativePath, "model"), "--data", data, "--method", "vibes");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("vibes", run.Stderr);
    }

    [Fact]
    public void Malformed_card_histograms_are_a_data_error_naming_the_model()
    {
        using var folder = new TempFolder();
        var model = JsonNode.Parse(File.ReadAllText(ProjectPaths.Require(DetectorModel.DefaultRelativePath, "model")))!.AsObject();
        model["card"]!["operating_point"]!["score_histograms"] = new JsonObject { ["llr_low"] = -10, ["bin_width"] = 0.1, ["bins"] = 200, ["groups"] = new JsonArray(new JsonArray(1, 2)) };
        var modelPath = folder.Write("bad-histograms.json", model.ToJsonString());
        var data = folder.Write("texts.jsonl", "{\"text\": \"anything\"}\n");

        var run = CliProcess.Run(folder.Path, "detect", "prevalence", "--model", modelPath, "--data", data, "--method", "mixture");

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("bad-histograms.json", run.Stderr);
        Assert.Contains("score_histograms.groups[0]", run.Stderr);
    }
}
