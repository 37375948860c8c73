using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ProvenanceGuard.Detection.Data;
using ProvenanceGuard.Detection.Evaluation;
using ProvenanceGuard.Detection.Features;
using ProvenanceGuard.Detection.Reference;

namespace ProvenanceGuard.Detection.Training;

/// <summary>The model card: what a detector was trained on, with what, and how well it did out of fold (JSON and Markdown).</summary>
public static class ModelCard
{
    public static JsonObject Build(IReadOnlyList<LabelledDataFile> files, TrainingSet set, TrainingOptions options, ValidationPlan plan,
        TextFeaturizer featurizer, EvaluationReport cv, EvaluationReport byDomain, EvaluationReport byGenerator, EvaluationReport byCell,
        IReadOnlyList<HeldOutResult> heldOut, DetectorParameters parameters, JsonObject measuredAtThreshold)
    {
        var machine = set.Texts.Count(t => t.IsMachine);
        var counts = new JsonObject
        {
            ["trained_on"] = set.Count,
            ["machine"] = machine,
            ["human"] = set.Count - machine,
            ["too_short_skipped"] = set.TooShort,
        };
        TrainingLengths.Measure(set.Texts.Select(t => t.Text)).WriteTo(counts);
        var card = new JsonObject
        {
            ["data"] = new JsonArray(files.Select(f => (JsonNode)new JsonObject
            {
                ["file"] = Path.GetFileName(f.Path),
                ["sha256"] = f.Sha256,
                ["texts"] = f.Texts.Count,
            }).ToArray()),
            ["counts"] = counts,
            ["reference"] = parameters.ReferenceDescription,
            ["features"] = new JsonObject
            {
                ["dense"] = new JsonArray(DenseFeatureLayout.Features.Where((_, i) => parameters.Dense.Active[i]).Select(f => (JsonNode)$"{f.Group}:{f.Name}").ToArray()),
                ["hashed"] = options.UseSparse
                    ? $"2^{options.Features.HashBits} buckets: {(options.Features.WordUnigrams ? "word unigrams, " : "")}{(options.Features.WordBigrams ? "word bigrams, " : "")}"
                      + (options.Features.CharNgramMin > 0 ? $"character {options.Features.CharNgramMin}-{options.Features.CharNgramMax}-grams" : "no character n-grams")
                      + (options.Features.SyntaxNgramMax > 0 ? $", topic-masked syntax 1-{options.Features.SyntaxNgramMax}-grams (function words + Brown POS tags)" : "")
                    : "none",
                ["normalisation"] = "whitespace runs -> one space, typographic quotes -> ASCII, lower-cased n-grams",
                ["min_words"] = options.Features.MinWords,
                ["skip_opening_tokens"] = options.Features.SkipOpeningTokens,
                ["spoken_reference"] = featurizer.Spoken.Count > 0 ? $"{featurizer.Spoken.Description}, sha256 {featurizer.Spoken.SourceDigest}, stored in the model" : "none",
                ["trigram_reference"] = featurizer.Trigram is { } trigram ? $"{trigram.Description}, sha256 {trigram.SourceDigest}, read at load time" : "none",
                ["scoring_windows"] = parameters.Windows is { } windows
                    ? $"a judged part of {(windows.Words * 3 + 1) / 2}+ words is split into windows of about {windows.Words} words (the training texts' median), scored alone, their raw scores averaged"
                    : "none",
            },
            ["training"] = new JsonObject
            {
                ["classifier"] = "L2 logistic regression (L-BFGS), balanced classes, dense features standardised + quantile-binned"
                    + (parameters.Dense.Length is not null ? $" + times the text's standardised {LengthModulation.FeatureName} (held within the training texts' 5th-95th percentile of length), so a feature's weight changes with length" : "")
                    + (options.LogCountRatioSmoothing > 0 ? $", hashed n-grams scaled by their machine/human log-count ratio (NB-SVM, add-{options.LogCountRatioSmoothing} smoothing, from each fit's training rows)" : "")
                    + (options.PairedWeight > 0 ? $", {options.PairedWeight.ToString(System.Globalization.CultureInfo.InvariantCulture)} of the loss on machine-minus-human feature differences within each group ({PairedDifferences.Pairs([.. Enumerable.Range(0, set.Count).Select(set.IsMachine)], [.. set.Texts.Select(t => t.Field(options.GroupField))]).Count} pairs; conditional logit, so an article's topic cancels)" : "")
                    + (options.Boosting is { } b ? $", plus the margin of {b.Trees} gradient-boosted depth-{b.Depth} trees over the dense features (shrinkage {b.Shrinkage}, {b.Bins} histogram bins, logistic loss{(b.PairedWeight > 0 ? $", {b.PairedWeight.ToString(System.Globalization.CultureInfo.InvariantCulture)} of it pairwise within groups" : "")}) as one input, out-of-fold over {b.InnerFolds} inner grouped folds" : ""),
                ["l2"] = options.Regression.L2,
                ["dense_l2_multiplier"] = options.DenseL2Multiplier,
                ["sparse_l2_multiplier"] = options.SparseL2Multiplier,
                ["dense_bins"] = options.DenseBins,
                ["paired_weight"] = options.PairedWeight,
                ["length_interactions"] = options.LengthInteractions,
                ["folds"] = options.Folds,
                ["group_field"] = options.GroupField,
                ["seed"] = options.Seed,
                ["calibration"] = "Platt scaling on grouped out-of-fold scores (balanced) -> log-likelihood ratio",
            },
            ["operating_point"] = new JsonObject(new Dictionary<string, JsonNode?>
            {
                ["target_fpr"] = options.TargetFpr,
                ["threshold_llr"] = parameters.ThresholdLlr,
                ["base_rate"] = options.BaseRate,
            }.Concat(measuredAtThreshold.Select(p => new KeyValuePair<string, JsonNode?>(p.Key, p.Value?.DeepClone())))),
            ["cross_validation"] = new JsonObject
            {
                ["overall"] = MetricsNode(cv.Overall),
                ["by_domain"] = GroupsNode(byDomain),
                ["by_generator"] = GroupsNode(byGenerator),
                ["by_generator_domain"] = GroupsNode(byCell),
            },
            ["held_out"] = new JsonArray(heldOut.Select(HeldOutNode).ToArray()),
            ["rebuild"] = "npm ci --prefix corpora && dotnet run --project src/ProvenanceGuard.Cli -c Release -- detect train --data ../shared/data/detect/dev.jsonl --out models/detector-default.json"
                + $" --skip-opening {options.Features.SkipOpeningTokens}" + (featurizer.Spoken.Count > 0 ? " --spoken-reference" : "")
                + (featurizer.Trigram is not null ? $" --trigram-reference {TrigramReference.DebianPath}" : "")
                + (options.PairedWeight > 0 ? $" --paired {options.PairedWeight.ToString(System.Globalization.CultureInfo.InvariantCulture)}" : "")
                + (options.LengthInteractions ? " --length-interactions" : "")
                + (parameters.UsesGroup(DenseFeatureLayout.SyntaxGroup) ? " --syntax-reference" : "")
                + (options.LogCountRatioSmoothing > 0 ? $" --log-count-ratio {options.LogCountRatioSmoothing.ToString(System.Globalization.CultureInfo.InvariantCulture)}" : "")
                + (options.Boosting is { } trees ? " --boosted-trees" + (trees.Depth != new BoostingOptions().Depth ? $" --tree-depth {trees.Depth}" : "")
                    + (trees.Trees != new BoostingOptions().Trees ? $" --tree-count {trees.Trees}" : "")
                    + (trees.PairedWeight > 0 ? $" --tree-paired {trees.PairedWeight.ToString(System.Globalization.CultureInfo.InvariantCulture)}" : "")
                    + (trees.ExcludedGroups is { Count: > 0 } treeExcluded ? " --tree-exclude-dense " + string.Join(" ", treeExcluded) : "") : "")
                + (plan.LeaveOneGeneratorOut ? " --full-report" : "") + (plan.Ablation ? " --ablation" : "") + (plan.LengthCheck && !plan.LeaveOneGeneratorOut ? " --length-check" : ""),
        };
        // Named only when used, so the card of a model without it keeps its bytes.
        if (featurizer.Syntax is { } syntax && parameters.UsesGroup(DenseFeatureLayout.SyntaxGroup))
            card["features"]!["syntax_reference"] = "Kneser-Ney 4-grams of the reference corpus's topic-masked stream (function words, punctuation, "
                + $"POS tags: {syntax.SymbolCount} symbols, {syntax.NgramCount} n-grams), rebuilt at load time";
        return card;
    }

    private static JsonNode HeldOutNode(HeldOutResult h)
    {
        var node = new JsonObject
        {
            ["protocol"] = h.Protocol,
            ["held_out"] = h.HeldOut,
            ["n"] = h.N,
            ["auroc"] = Round(h.Auroc),
            ["tpr_at_1pct_fpr"] = Round(h.TprAt1PctFpr),
        };
        // Only rows scored on the model's own scale have rates at its threshold; the others keep their bytes.
        if (h.AtThreshold is { } rates)
        {
            node["tpr_at_threshold"] = Round(rates.Tpr);
            node["fpr_at_threshold"] = Round(rates.Fpr);
        }
        return node;
    }

    public static JsonObject MetricsNode(DetectionMetrics m) => new()
    {
        ["n"] = m.N,
        ["auroc"] = Round(m.Auroc),
        ["auprc"] = Round(m.Auprc),
        ["tpr_at_1pct_fpr"] = Round(m.TprAt1PctFpr),
        ["tpr_at_5pct_fpr"] = Round(m.TprAt5PctFpr),
        ["f1"] = Round(m.F1),
        ["ece"] = Round(m.Ece),
    };

    public static JsonObject GroupsNode(EvaluationReport report) =>
        new(report.Groups.Select(g => new KeyValuePair<string, JsonNode?>(g.Key, MetricsNode(g.Value))));

    /// <summary>Renders the card as Markdown for humans.</summary>
    public static string ToMarkdown(JsonObject card, string modelFile, string digest)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"# Model card: {modelFile}");
        sb.AppendLine();
        sb.AppendLine($"- Model digest (SHA-256 of parameters): `{digest}`");
        sb.AppendLine($"- Reference: {card["reference"]}");
        foreach (var d in card["data"]!.AsArray()) sb.AppendLine($"- Data: `{d!["file"]}` sha256 `{d["sha256"]}` ({d["texts"]} texts)");
        var counts = card["counts"]!;
        sb.AppendLine($"- Trained on {counts["trained_on"]} texts ({counts["machine"]} machine, {counts["human"]} human); {counts["too_short_skipped"]} too short to judge were skipped"
                      + (TrainingLengths.FromCard(card) is { } lengths ? $"; 98% of them were {lengths.LowWords}-{lengths.HighWords} words long" : ""));
        var f = card["features"]!;
        sb.AppendLine($"- Features: {f["dense"]!.AsArray().Count} dense statistics; hashed: {f["hashed"]}; normalisation: {f["normalisation"]}; texts under {f["min_words"]} words are flagged too short; the first {f["skip_opening_tokens"]?.ToString() ?? "0"} tokens of a text are not judged; spoken reference: {f["spoken_reference"]?.ToString() ?? "none"}; trigram reference: {f["trigram_reference"]?.ToString() ?? "none"}{(f["syntax_reference"] is { } syntax ? $"; syntax reference: {syntax}" : "")}{(f["scoring_windows"] is { } windows ? $"; long texts: {windows}" : "")}");
        var t = card["training"]!;
        sb.AppendLine($"- Classifier: {t["classifier"]}; L2 {t["l2"]} (dense x{t["dense_l2_multiplier"]}, sparse x{t["sparse_l2_multiplier"]}); {t["calibration"]}");
        var op = card["operating_point"]!;
        sb.AppendLine($"- Operating point: threshold LLR {op["threshold_llr"]} for target FPR {op["target_fpr"]} (from out-of-fold human scores); P(machine) at base rate {op["base_rate"]}"
                      + (op["tpr"] is { } tpr ? $"; out of fold there: TPR {tpr} of {op["tpr_n"]} machine texts, FPR {op["fpr"]} of {op["fpr_n"]} human texts, flagged counts kept for {op["groups"]?.AsArray().Count} `{op["group_field"]}` groups" : ""));
        sb.AppendLine();
        sb.AppendLine($"## Grouped {t["folds"]}-fold cross-validation (split by `{t["group_field"]}`)");
        sb.AppendLine();
        sb.AppendLine("| slice | n | AUROC | AUPRC | TPR@1%FPR | TPR@5%FPR | F1 | ECE |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|");
        var cv = card["cross_validation"]!;
        Row(sb, "overall", cv["overall"]!);
        foreach (var section in new[] { "by_domain", "by_generator", "by_generator_domain" })
            foreach (var (key, value) in cv[section]!.AsObject()) Row(sb, key, value!);
        var held = card["held_out"]!.AsArray();
        if (held.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine("## Held-out protocols and ablation");
            sb.AppendLine();
            sb.AppendLine("| protocol | held out / variant | n | AUROC | TPR@1%FPR |");
            sb.AppendLine("|---|---|---|---|---|");
            foreach (var h in held) sb.AppendLine($"| {h!["protocol"]} | {h["held_out"]} | {h["n"]} | {h["auroc"]} | {h["tpr_at_1pct_fpr"]} |");
            var atThreshold = held.Where(h => h!["fpr_at_threshold"] is not null).ToList();
            if (atThreshold.Count > 0)
            {
                sb.AppendLine();
                sb.AppendLine($"At the model's threshold (LLR {card["operating_point"]!["threshold_llr"]}, set for FPR {card["operating_point"]!["target_fpr"]} on the texts as judged):");
                sb.AppendLine();
                sb.AppendLine("| protocol | variant | TPR at threshold | FPR at threshold |");
                sb.AppendLine("|---|---|---|---|");
                foreach (var h in atThreshold) sb.AppendLine($"| {h!["protocol"]} | {h["held_out"]} | {h["tpr_at_threshold"]} | {h["fpr_at_threshold"]} |");
            }
        }
        sb.AppendLine();
        sb.AppendLine("## Rebuild");
        sb.AppendLine();
        sb.AppendLine($"`{card["rebuild"]}`");
        return sb.ToString();
    }

    private static void Row(StringBuilder sb, string name, JsonNode m) =>
        sb.AppendLine($"| {name} | {m["n"]} | {m["auroc"]} | {m["auprc"]} | {m["tpr_at_1pct_fpr"]} | {m["tpr_at_5pct_fpr"]} | {m["f1"]} | {m["ece"]} |");

    private static JsonNode? Round(double value) => double.IsFinite(value) ? JsonValue.Create(Math.Round(value, 4)) : null;
}
