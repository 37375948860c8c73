using System.Text.Json.Nodes;
using ProvenanceGuard.Tests.Support;

namespace ProvenanceGuard.Tests.Detection;

/// <summary><c>provguard detect train --log-count-ratio</c> and <c>--boosted-trees</c>: opt-in training choices, off unless asked for.</summary>
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
