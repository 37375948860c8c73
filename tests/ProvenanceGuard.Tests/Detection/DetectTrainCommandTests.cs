using System.Text.Json.Nodes;
using ProvenanceGuard.Detection.Evaluation;
using ProvenanceGuard.Detection.Reference;
using ProvenanceGuard.Tests.Support;

namespace ProvenanceGuard.Tests.Detection;

/// <summary><c>provguard detect train --log-count-ratio</c>, <c>--boosted-trees</c> and <c>--tree-paired</c>, <c>--length-interactions</c> and <c>--syntax-reference</c> (opt-in, off unless asked for), <c>--paired</c> (on by default) and <c>--out-of-fold</c>.</summary>
public class DetectTrainCommandTests
{
    [SharedDataFact]
    public void Log_count_ratio_scaling_is_trained_when_asked_for_and_the_card_says_how_to_rebuild_it()
    {
        using var folder = new TempFolder();
        var data = FortyDevGroups(folder);

        var card = TrainSmall(folder, data, "model.json", "--log-count-ratio", "1")["card"]!;

        Assert.EndsWith("--log-count-ratio 1", card["rebuild"]!.GetValue<string>());
        Assert.Contains("log-count ratio", card.ToJsonString());
    }

    [SharedDataFact]
    public void Boosted_trees_are_stacked_when_asked_for_and_the_card_says_how_to_rebuild_them()
    {
        using var folder = new TempFolder();
        var data = FortyDevGroups(folder);

        var plain = TrainSmall(folder, data, "plain.json");
        var boosted = TrainSmall(folder, data, "boosted.json", "--boosted-trees");

        Assert.False(plain["parameters"]!.AsObject().ContainsKey("boosted_trees"));
        Assert.Equal(200, boosted["parameters"]!["boosted_trees"]!["count"]!.GetValue<int>());
        Assert.EndsWith("--boosted-trees", boosted["card"]!["rebuild"]!.GetValue<string>());
        var pairwise = TrainSmall(folder, data, "pairwise.json", "--boosted-trees", "--tree-paired", "0.5");
        Assert.EndsWith("--boosted-trees --tree-paired 0.5", pairwise["card"]!["rebuild"]!.GetValue<string>());
        Assert.NotEqual(boosted["model_digest"]!.GetValue<string>(), pairwise["model_digest"]!.GetValue<string>());
    }

    [SharedDataFact]
    public void Paired_fitting_is_the_default_and_zero_turns_it_off()
    {
        using var folder = new TempFolder();
        var data = FortyDevGroups(folder);

        var paired = TrainSmall(folder, data, "paired.json");
        var single = TrainSmall(folder, data, "single.json", "--paired", "0");

        Assert.Equal(0.5, paired["card"]!["training"]!["paired_weight"]!.GetValue<double>());
        Assert.Contains("machine-minus-human feature differences", paired["card"]!["training"]!["classifier"]!.GetValue<string>());
        Assert.Contains(" --paired 0.5", paired["card"]!["rebuild"]!.GetValue<string>());
        Assert.Equal(0, single["card"]!["training"]!["paired_weight"]!.GetValue<double>());
        Assert.DoesNotContain("--paired", single["card"]!["rebuild"]!.GetValue<string>());
        Assert.NotEqual(paired["model_digest"]!.GetValue<string>(), single["model_digest"]!.GetValue<string>());
    }

    [SharedDataFact]
    public void Length_interactions_are_trained_when_asked_for_and_the_card_says_how_to_rebuild_them()
    {
        using var folder = new TempFolder();
        var data = FortyDevGroups(folder);

        var plain = TrainSmall(folder, data, "plain.json");
        var modulated = TrainSmall(folder, data, "modulated.json", "--length-interactions");

        Assert.False(plain["parameters"]!["dense"]!.AsObject().ContainsKey("length_interactions"));
        Assert.False(plain["card"]!["training"]!["length_interactions"]!.GetValue<bool>());
        Assert.DoesNotContain("--length-interactions", plain["card"]!["rebuild"]!.GetValue<string>());
        Assert.Equal("log_tokens", modulated["parameters"]!["dense"]!["length_interactions"]!["feature"]!.GetValue<string>());
        Assert.EndsWith("--length-interactions", modulated["card"]!["rebuild"]!.GetValue<string>());
    }

    [SharedDataFact]
    public void The_syntax_reference_is_used_when_asked_for_and_the_card_says_how_to_rebuild_with_it()
    {
        using var folder = new TempFolder();
        var data = FortyDevGroups(folder);

        var plain = TrainSmall(folder, data, "plain.json");
        var syntax = TrainSmall(folder, data, "syntax.json", "--syntax-reference");

        static int Listed(JsonNode model) => model["parameters"]!["dense"]!["names"]!.AsArray().Count(n => n!.GetValue<string>().StartsWith("syntax_"));
        Assert.Equal(0, Listed(plain));
        Assert.False(plain["card"]!["features"]!.AsObject().ContainsKey("syntax_reference"));
        Assert.DoesNotContain("--syntax-reference", plain["card"]!["rebuild"]!.GetValue<string>());
        Assert.Equal(8, Listed(syntax));
        Assert.Contains("topic-masked", syntax["card"]!["features"]!["syntax_reference"]!.GetValue<string>());
        Assert.EndsWith("--syntax-reference", syntax["card"]!["rebuild"]!.GetValue<string>());
    }

    [SharedDataFact]
    public void Out_of_fold_scores_are_written_one_per_judged_text_and_give_the_cards_auroc()
    {
        using var folder = new TempFolder();
        var data = FortyDevGroups(folder);
        var scores = folder.File("oof.jsonl");

        var card = TrainSmall(folder, data, "model.json", "--out-of-fold", scores)["card"]!;

        var lines = File.ReadLines(scores).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(File.ReadLines(data).Count(), lines.Count);
        Assert.All(lines, l => Assert.False(l.AsObject().ContainsKey("text")));
        Assert.Equal(lines.Count, lines.Select(l => l["id"]!.GetValue<string>()).Distinct().Count());
        var llr = lines.Select(l => l["out_of_fold_llr"]!.GetValue<double>()).ToArray();
        var machine = lines.Select(l => l["label"]!.GetValue<string>() == "machine").ToArray();
        Assert.Equal(card["cross_validation"]!["overall"]!["auroc"]!.GetValue<double>(), Math.Round(ScoreMetrics.Auroc(llr, machine), 4));
    }

    [SharedDataTrigramFact]
    public void The_trigram_reference_is_used_when_asked_for_and_a_scorer_needs_the_same_file()
    {
        using var folder = new TempFolder();
        var data = FortyDevGroups(folder);

        var without = TrainSmall(folder, data, "plain.json", "--paired", "0");
        var with = TrainSmall(folder, data, "trigram.json", "--paired", "0", "--trigram-reference", TrigramReference.DebianPath);

        Assert.False(without["parameters"]!.AsObject().ContainsKey("trigram_reference"));
        Assert.DoesNotContain("\"trigram_", without["parameters"]!["dense"]!["names"]!.ToJsonString());
        Assert.Equal(TrigramReferenceDigest, with["parameters"]!["trigram_reference"]!["sha256"]!.GetValue<string>());
        var active = with["parameters"]!["dense"]!["names"]!.AsArray().Zip(with["parameters"]!["dense"]!["active"]!.AsArray())
            .Where(p => p.First!.GetValue<string>().StartsWith("trigram_")).Select(p => p.Second!.GetValue<bool>()).ToList();
        Assert.Equal(13, active.Count);
        Assert.All(active, Assert.True);
        Assert.EndsWith($" --trigram-reference {TrigramReference.DebianPath}", with["card"]!["rebuild"]!.GetValue<string>());

        var input = folder.Write("in.jsonl", File.ReadLines(data).First() + "\n");
        var scored = CliProcess.Run(folder.Path, "detect", "score", input, "--out", folder.File("out.jsonl"), "--model", folder.File("trigram.json"));
        Assert.True(scored.ExitCode == 0, scored.Stderr);
        var elsewhere = CliProcess.Run(folder.Path, "detect", "score", input, "--out", folder.File("out2.jsonl"), "--model", folder.File("trigram.json"),
            "--trigram-reference", folder.File("absent.lm.bin"));
        Assert.NotEqual(0, elsewhere.ExitCode);
        Assert.Contains("pocketsphinx-en-us", elsewhere.Stderr);
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

    // SHA-256 of en-us.lm.bin in Debian 12's pocketsphinx-en-us 0.8+5prealpha+1-15.
    private const string TrigramReferenceDigest = "db21d0642286677699e6dbc859d2e5395570222361999387ce60f6e1d01995d6";

    private static JsonNode TrainSmall(TempFolder folder, string data, string modelName, params string[] extra)
    {
        var model = folder.File(modelName);
        var run = CliProcess.Run(folder.Path, ["detect", "train", "--data", data, "--out", model, "--folds", "2", "--hash-bits", "12", .. extra]);
        Assert.True(run.ExitCode == 0, run.Stderr);
        return JsonNode.Parse(File.ReadAllText(model))!;
    }

    // Whole groups, so each fold keeps a human text with its machine continuations.
    private static string FortyDevGroups(TempFolder folder)
    {
        var rows = File.ReadLines(SharedResources.DetectDevData!).Select(l => JsonNode.Parse(l)!).ToList();
        var groups = rows.Select(r => r["group"]!.ToString()).Distinct().Take(40).ToHashSet();
        return folder.Write("small.jsonl", string.Join("\n", rows.Where(r => groups.Contains(r["group"]!.ToString())).Select(r => r.ToJsonString())) + "\n");
    }
}
