using System.Text.Json.Nodes;
using ProvenanceGuard.Tests.Support;

namespace ProvenanceGuard.Tests.Detection;

/// <summary><c>provguard detect train --log-count-ratio</c> and <c>--boosted-trees</c> (opt-in, off unless asked for) and <c>--paired</c> (on by default).</summary>
public class DetectTrainCommandTests
{
    [SharedDataFact]
    public void Log_count_ratio_scaling_is_trained_when_asked_for_and_the_card_says_how_to_rebuild_it()
    {
        using var folder = new TempFolder();
        // Whole prompt groups, so each fold keeps a human text with its machine continuations.
        var rows = File.ReadLines(SharedResources.DetectDevData!).Select(l => JsonNode.Parse(l)!).ToList();
        var groups = rows.Select(r => r["group"]!.ToString()).Distinct().Take(40).ToHashSet();
        var data = folder.Write("small.jsonl", string.Join("\n", rows.Where(r => groups.Contains(r["group"]!.ToString())).Select(r => r.ToJsonString())) + "\n");
        var model = folder.File("model.json");

        var run = CliProcess.Run(folder.Path, "detect", "train", "--data", data, "--out", model, "--folds", "2", "--hash-bits", "12", "--log-count-ratio", "1");

        Assert.True(run.ExitCode == 0, run.Stderr);
        var card = JsonNode.Parse(File.ReadAllText(model))!["card"]!;
        Assert.EndsWith("--log-count-ratio 1", card["rebuild"]!.GetValue<string>());
        Assert.Contains("log-count ratio", card.ToJsonString());
    }

    [SharedDataFact]
    public void Boosted_trees_are_stacked_when_asked_for_and_the_card_says_how_to_rebuild_them()
    {
        using var folder = new TempFolder();
        var rows = File.ReadLines(SharedResources.DetectDevData!).Select(l => JsonNode.Parse(l)!).ToList();
        var groups = rows.Select(r => r["group"]!.ToString()).Distinct().Take(40).ToHashSet();
        var data = folder.Write("small.jsonl", string.Join("\n", rows.Where(r => groups.Contains(r["group"]!.ToString())).Select(r => r.ToJsonString())) + "\n");
        var plain = folder.File("plain.json");
        var boosted = folder.File("boosted.json");

        var without = CliProcess.Run(folder.Path, "detect", "train", "--data", data, "--out", plain, "--folds", "2", "--hash-bits", "12");
        var with = CliProcess.Run(folder.Path, "detect", "train", "--data", data, "--out", boosted, "--folds", "2", "--hash-bits", "12", "--boosted-trees");

        Assert.True(without.ExitCode == 0, without.Stderr);
        Assert.True(with.ExitCode == 0, with.Stderr);
        Assert.False(JsonNode.Parse(File.ReadAllText(plain))!["parameters"]!.AsObject().ContainsKey("boosted_trees"));
        var model = JsonNode.Parse(File.ReadAllText(boosted))!;
        Assert.Equal(200, model["parameters"]!["boosted_trees"]!["count"]!.GetValue<int>());
        Assert.EndsWith("--boosted-trees", model["card"]!["rebuild"]!.GetValue<string>());
    }

    [SharedDataFact]
    public void Paired_fitting_is_the_default_and_zero_turns_it_off()
    {
        using var folder = new TempFolder();
        var rows = File.ReadLines(SharedResources.DetectDevData!).Select(l => JsonNode.Parse(l)!).ToList();
        var groups = rows.Select(r => r["group"]!.ToString()).Distinct().Take(40).ToHashSet();
        var data = folder.Write("small.jsonl", string.Join("\n", rows.Where(r => groups.Contains(r["group"]!.ToString())).Select(r => r.ToJsonString())) + "\n");
        var paired = folder.File("paired.json");
        var single = folder.File("single.json");

        var byDefault = CliProcess.Run(folder.Path, "detect", "train", "--data", data, "--out", paired, "--folds", "2", "--hash-bits", "12");
        var off = CliProcess.Run(folder.Path, "detect", "train", "--data", data, "--out", single, "--folds", "2", "--hash-bits", "12", "--paired", "0");

        Assert.True(byDefault.ExitCode == 0, byDefault.Stderr);
        Assert.True(off.ExitCode == 0, off.Stderr);
        var pairedModel = JsonNode.Parse(File.ReadAllText(paired))!;
        var singleModel = JsonNode.Parse(File.ReadAllText(single))!;
        var pairedCard = pairedModel["card"]!;
        var singleCard = singleModel["card"]!;
        Assert.Equal(0.5, pairedCard["training"]!["paired_weight"]!.GetValue<double>());
        Assert.Contains("machine-minus-human feature differences", pairedCard["training"]!["classifier"]!.GetValue<string>());
        Assert.Contains(" --paired 0.5", pairedCard["rebuild"]!.GetValue<string>());
        Assert.Equal(0, singleCard["training"]!["paired_weight"]!.GetValue<double>());
        Assert.DoesNotContain("--paired", singleCard["rebuild"]!.GetValue<string>());
        Assert.NotEqual(pairedModel["model_digest"]!.GetValue<string>(), singleModel["model_digest"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("-0.1")]
    [InlineData("1.5")]
    public void A_paired_share_outside_zero_to_one_is_a_usage_error(string share)
    {
        using var folder = new TempFolder();
        var data = folder.Write("any.jsonl", "{\"text\": \"a\", \"label\": \"human\", \"group\": \"g\"}\n");

        var run = CliProcess.Run(folder.Path, "detect", "train", "--data", data, "--cv-only", "--paired", share);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--paired", run.Stderr);
    }

    [Fact]
    public void A_negative_log_count_ratio_smoothing_is_a_usage_error()
    {
        using var folder = new TempFolder();
        var data = folder.Write("any.jsonl", "{\"text\": \"a\", \"label\": \"human\", \"group\": \"g\"}\n");

        var run = CliProcess.Run(folder.Path, "detect", "train", "--data", data, "--cv-only", "--log-count-ratio", "-1");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--log-count-ratio", run.Stderr);
    }
}
