using System.Text.Json;
using System.Text.Json.Nodes;
using ProvenanceGuard.Detection;
using ProvenanceGuard.Provenance.Prevalence;
using ProvenanceGuard.Tests.Support;

namespace ProvenanceGuard.Tests.Provenance.Prevalence;

public class DetectPrevalenceCommandTests
{
    [SharedDataTrigramFact]
    public void Estimates_the_share_from_the_models_own_flags_corrected_with_the_cards_rates()
    {
        using var folder = new TempFolder();
        var lines = File.ReadLines(SharedResources.DetectDevData!).Take(240)
            .Select(l => JsonNode.Parse(l)!.AsObject())
            .Select(r => new JsonObject { ["id"] = r["id"]!.GetValue<string>(), ["text"] = r["text"]!.GetValue<string>(), ["domain"] = r["domain"]!.GetValue<string>() }.ToJsonString())
            .Append("{\"id\": \"short\", \"text\": \"Too short to judge.\", \"domain\": \"news\"}")
            .ToList();
        var data = folder.Write("texts.jsonl", string.Join("\n", lines) + "\n");
        var model = ProjectPaths.Require(DetectorModel.DefaultRelativePath, "model");

        var run = CliProcess.Run(folder.Path, "detect", "prevalence", "--model", model, "--data", data, "--method", "threshold", "--group-by", "domain", "--json");
        var scored = CliProcess.Run(folder.Path, "detect", "score", data, "--out", folder.File("scored.jsonl"), "--model", model);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.True(scored.ExitCode == 0, scored.Stderr);
        var result = JsonDocument.Parse(run.Stdout).RootElement;
        var detector = result.GetProperty("detector");
        var threshold = detector.GetProperty("threshold_llr").GetDouble();
        var rates = ModelCardRates.Read(DetectorModel.Read(model).Card, model);
        Assert.Equal(rates.Tpr, detector.GetProperty("tpr").GetDouble());
        Assert.Equal(1, result.GetProperty("too_short").GetInt32());
        // The card keeps its flagged counts per validation group, so the interval resamples those groups by default.
        Assert.StartsWith("model card's validation groups resampled", result.GetProperty("interval").GetString());
        Assert.Contains("936 validation groups", detector.GetProperty("rates_from").GetString());

        // The same flags `detect score` gives (LLR strictly above the threshold), counted overall and per domain.
        var flags = File.ReadLines(folder.File("scored.jsonl")).Select(l => JsonNode.Parse(l)!)
            .Where(r => r["machine_llr"] is not null)
            .Select(r => (Domain: r["domain"]!.GetValue<string>(), Flagged: r["machine_llr"]!.GetValue<double>() > threshold)).ToList();
        var overall = result.GetProperty("overall");
        Assert.Equal(240, overall.GetProperty("n").GetInt32());
        Assert.Equal(flags.Count(f => f.Flagged), overall.GetProperty("flagged").GetInt32());
        AssertCorrected(overall, rates);
        var groups = result.GetProperty("groups");
        foreach (var domain in flags.GroupBy(f => f.Domain))
        {
            var group = groups.GetProperty(domain.Key);
            Assert.Equal(domain.Count(), group.GetProperty("n").GetInt32());
            Assert.Equal(domain.Count(f => f.Flagged), group.GetProperty("flagged").GetInt32());
            AssertCorrected(group, rates);
        }
    }

    [SharedDataTrigramFact]
    public void Held_out_calibration_texts_give_the_rates_the_model_measures_on_them()
    {
        using var folder = new TempFolder();
        var dev = File.ReadLines(SharedResources.DetectDevData!).ToList();
        var data = folder.Write("texts.jsonl", string.Join("\n", dev.Take(120)) + "\n");
        var calibration = folder.Write("calibration.jsonl", string.Join("\n", dev.Skip(120).Take(300)) + "\n");
        var model = ProjectPaths.Require(DetectorModel.DefaultRelativePath, "model");

        var run = CliProcess.Run(folder.Path, "detect", "prevalence", "--model", model, "--data", data, "--method", "threshold", "--calibration", calibration, "--json");
        var scored = CliProcess.Run(folder.Path, "detect", "score", calibration, "--out", folder.File("scored.jsonl"), "--model", model);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.True(scored.ExitCode == 0, scored.Stderr);
        var result = JsonDocument.Parse(run.Stdout).RootElement;
        var detector = result.GetProperty("detector");
        var threshold = detector.GetProperty("threshold_llr").GetDouble();
        var rows = File.ReadLines(folder.File("scored.jsonl")).Select(l => JsonNode.Parse(l)!).Where(r => r["machine_llr"] is not null).ToList();
        var machine = rows.Where(r => r["label"]!.GetValue<string>() == "machine").ToList();
        var human = rows.Where(r => r["label"]!.GetValue<string>() == "human").ToList();
        Assert.Equal(machine.Count, detector.GetProperty("tpr_n").GetInt32());
        Assert.Equal(human.Count, detector.GetProperty("fpr_n").GetInt32());
        Assert.Equal(machine.Count(r => r["machine_llr"]!.GetValue<double>() > threshold) / (double)machine.Count, detector.GetProperty("tpr").GetDouble(), 12);
        Assert.Equal(human.Count(r => r["machine_llr"]!.GetValue<double>() > threshold) / (double)human.Count, detector.GetProperty("fpr").GetDouble(), 12);
        Assert.StartsWith("calibration resampled by group", result.GetProperty("interval").GetString());
        var overall = result.GetProperty("overall");
        Assert.InRange(overall.GetProperty("share").GetDouble(), overall.GetProperty("ci_low").GetDouble(), overall.GetProperty("ci_high").GetDouble());
    }

    [SharedDataTrigramFact]
    public void Records_that_share_a_cluster_widen_the_interval_when_the_cluster_field_is_given()
    {
        using var folder = new TempFolder();
        // 60 texts, each copied five times: 300 records but only 60 independent judgements.
        var lines = File.ReadLines(SharedResources.DetectDevData!).Take(60).Select(l => JsonNode.Parse(l)!.AsObject())
            .SelectMany(r => Enumerable.Range(0, 5).Select(k => new JsonObject { ["text"] = r["text"]!.GetValue<string>(), ["doc"] = r["id"]!.GetValue<string>() }.ToJsonString()));
        var data = folder.Write("copies.jsonl", string.Join("\n", lines) + "\n");
        var model = ProjectPaths.Require(DetectorModel.DefaultRelativePath, "model");

        var plain = JsonDocument.Parse(CliProcess.Run(folder.Path, "detect", "prevalence", "--model", model, "--data", data, "--json").Stdout).RootElement.GetProperty("overall");
        var byDoc = JsonDocument.Parse(CliProcess.Run(folder.Path, "detect", "prevalence", "--model", model, "--data", data, "--cluster-field", "doc", "--json").Stdout).RootElement.GetProperty("overall");

        Assert.Equal(plain.GetProperty("share").GetDouble(), byDoc.GetProperty("share").GetDouble(), 5);
        double Width(JsonElement e) => e.GetProperty("ci_high").GetDouble() - e.GetProperty("ci_low").GetDouble();
        Assert.True(Width(byDoc) > Width(plain), $"clustered width {Width(byDoc)} vs independent {Width(plain)}");
    }

    [SharedDataTrigramFact]
    public void Texts_longer_than_the_training_texts_are_counted_and_named_in_a_warning()
    {
        using var folder = new TempFolder();
        var dev = File.ReadLines(SharedResources.DetectDevData!).Select(l => JsonNode.Parse(l)!["text"]!.GetValue<string>()).Take(160).ToList();
        // Four dev texts joined: about four times as long as the texts the card's rates were measured on.
        var joined = dev.Chunk(4).Select(c => new JsonObject { ["text"] = string.Join(" ", c) }.ToJsonString());
        var data = folder.Write("long.jsonl", string.Join("\n", joined) + "\n");
        var asTheyAre = folder.Write("dev.jsonl", string.Join("\n", dev.Select(t => new JsonObject { ["text"] = t }.ToJsonString())) + "\n");
        var model = ProjectPaths.Require(DetectorModel.DefaultRelativePath, "model");

        var run = CliProcess.Run(folder.Path, "detect", "prevalence", "--model", model, "--data", data, "--json");
        var plain = CliProcess.Run(folder.Path, "detect", "prevalence", "--model", model, "--data", asTheyAre, "--json");

        Assert.True(run.ExitCode == 0, run.Stderr);
        var outside = JsonDocument.Parse(run.Stdout).RootElement.GetProperty("outside_training_lengths");
        Assert.Equal(40, outside.GetProperty("longer").GetInt32());
        Assert.Equal(0, outside.GetProperty("shorter").GetInt32());
        Assert.Contains("40 of 40 judged texts", run.Stderr);
        Assert.Contains("--calibration", run.Stderr);
        Assert.True(plain.ExitCode == 0, plain.Stderr);
        var devOutside = JsonDocument.Parse(plain.Stdout).RootElement.GetProperty("outside_training_lengths");
        Assert.InRange(devOutside.GetProperty("longer").GetInt32() + devOutside.GetProperty("shorter").GetInt32(), 0, 15);
        Assert.DoesNotContain("warning", plain.Stderr);
    }

    [TrigramReferenceFact] // the default model is loaded before the data is read
    public void A_record_without_text_is_a_data_error_naming_file_and_line()
    {
        using var folder = new TempFolder();
        var data = folder.Write("bad.jsonl", "{\"text\": \"fine\"}\n{\"body\": \"no text field\"}\n");
        var run = CliProcess.Run(folder.Path, "detect", "prevalence", "--model", ProjectPaths.Require(DetectorModel.DefaultRelativePath, "model"), "--data", data);
        Assert.Equal(3, run.ExitCode);
        Assert.Contains("bad.jsonl:2", run.Stderr);
    }

    [Fact]
    public void A_model_whose_card_has_no_measured_rates_is_a_data_error()
    {
        using var folder = new TempFolder();
        var model = JsonNode.Parse(File.ReadAllText(ProjectPaths.Require(DetectorModel.DefaultRelativePath, "model")))!.AsObject();
        model["card"]!.AsObject().Remove("cross_validation");
        foreach (var measured in new[] { "tpr", "fpr", "tpr_n", "fpr_n", "groups" }) model["card"]!["operating_point"]!.AsObject().Remove(measured);
        var modelPath = folder.Write("no-rates.json", model.ToJsonString());
        var data = folder.Write("texts.jsonl", "{\"text\": \"anything\"}\n");

        var run = CliProcess.Run(folder.Path, "detect", "prevalence", "--model", modelPath, "--data", data, "--method", "threshold");

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("no-rates.json", run.Stderr);
        Assert.Contains("error rates", run.Stderr);
    }

    [Fact]
    public void A_missing_data_file_is_a_usage_error()
    {
        using var folder = new TempFolder();
        var run = CliProcess.Run(folder.Path, "detect", "prevalence", "--model", ProjectPaths.Require(DetectorModel.DefaultRelativePath, "model"), "--data", folder.File("absent.jsonl"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("absent.jsonl", run.Stderr);
    }

    private static void AssertCorrected(JsonElement estimate, DetectorErrorRates rates)
    {
        var apparent = (double)estimate.GetProperty("flagged").GetInt32() / estimate.GetProperty("n").GetInt32();
        var share = estimate.GetProperty("share").GetDouble();
        Assert.Equal(RoganGladen.Share(apparent, rates.Tpr, rates.Fpr), share, 5);
        Assert.InRange(share, estimate.GetProperty("ci_low").GetDouble(), estimate.GetProperty("ci_high").GetDouble());
    }
}
