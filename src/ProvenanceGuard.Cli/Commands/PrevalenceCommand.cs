using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ProvenanceGuard.Formats.Compression;
using ProvenanceGuard.Provenance.Prevalence;

namespace ProvenanceGuard.Cli.Commands;

/// <summary>
/// <c>provguard prevalence</c>: the synthetic share of scored JSONL (shards, dispositions, tagged output) corrected
/// for the detector's TPR/FPR, with a 95% bootstrap interval, overall and per group.
/// </summary>
internal static class PrevalenceCommand
{
    public static Command Create()
    {
        var tpr = new Option<double>("--tpr") { Description = "Detector true-positive rate at --threshold, measured on machine texts", Required = true };
        var fpr = new Option<double>("--fpr") { Description = "Detector false-positive rate at --threshold, measured on human texts", Required = true };
        var tprN = new Option<int?>("--tpr-n") { Description = "Number of machine texts TPR was measured on (its uncertainty widens the interval)" };
        var fprN = new Option<int?>("--fpr-n") { Description = "Number of human texts FPR was measured on" };
        var data = new Option<string[]>("--data") { Description = "Scored JSONL files (.jsonl or .jsonl.gz), one record per line", Arity = ArgumentArity.OneOrMore, AllowMultipleArgumentsPerToken = true, Required = true };
        var scoreField = new Option<string>("--score-field") { Description = "Field holding the detector's P(machine); dots reach into objects", DefaultValueFactory = _ => "p_machine" };
        var threshold = new Option<double>("--threshold") { Description = "A record is flagged when its score is at least this", DefaultValueFactory = _ => 0.5 };
        var groupBy = new Option<string?>("--group-by") { Description = "Also estimate per value of this field (e.g. source, domain)" };
        var seed = new Option<int>("--seed") { Description = "Seed of the bootstrap", DefaultValueFactory = _ => 1 };
        var json = new Option<bool>("--json") { Description = "Print {\"overall\": {...}, \"groups\": {...}} on stdout" };
        var command = new Command("prevalence", "Estimate the synthetic share of scored records, corrected for the detector's error rates (Rogan-Gladen, 95% bootstrap interval)")
            { tpr, fpr, tprN, fprN, data, scoreField, threshold, groupBy, seed, json };
        command.SetAction(parse => CliHost.Guard(() =>
        {
            var rates = new DetectorErrorRates(parse.GetValue(tpr), parse.GetValue(fpr), parse.GetValue(tprN), parse.GetValue(fprN)).Validated();
            var files = parse.GetValue(data)!;
            foreach (var file in files)
                if (!File.Exists(file)) throw new ConfigurationException($"--data {file}: file not found");
            var field = parse.GetValue(scoreField)!.Split('.');
            var group = parse.GetValue(groupBy);
            var cut = parse.GetValue(threshold);

            var overall = new Tally();
            var groups = new SortedDictionary<string, Tally>(StringComparer.Ordinal);
            var unscored = 0;
            foreach (var file in files)
                foreach (var (line, root) in ReadObjects(file))
                {
                    if (Find(root, field) is not { } score) { unscored++; continue; }
                    if (score.ValueKind != JsonValueKind.Number || !score.TryGetDouble(out var p))
                        throw new InvalidDataException($"{file}:{line}: field {string.Join('.', field)} is not a number");
                    var flagged = p >= cut;
                    overall.Add(flagged);
                    if (group is not null)
                    {
                        var key = Find(root, group.Split('.')) is { } g ? (g.ValueKind == JsonValueKind.String ? g.GetString()! : g.GetRawText()) : "(none)";
                        if (!groups.TryGetValue(key, out var tally)) groups[key] = tally = new Tally();
                        tally.Add(flagged);
                    }
                }
            if (overall.N == 0) throw new InvalidDataException($"no record in {string.Join(", ", files)} has a numeric {string.Join('.', field)}");

            var estimator = new PrevalenceEstimator();
            var random = new Random(parse.GetValue(seed));
            var result = new Dictionary<string, object?> { ["overall"] = Json(estimator.Estimate(overall.N, overall.Flagged, rates, random)) };
            if (group is not null)
                result["groups"] = groups.ToDictionary(kv => kv.Key, kv => Json(estimator.Estimate(kv.Value.N, kv.Value.Flagged, rates, random)));
            result["unscored"] = unscored;

            if (parse.GetValue(json)) Console.WriteLine(JsonSerializer.Serialize(result));
            else
            {
                Console.WriteLine("subset\tn\tflagged\tshare\t95% interval");
                Print("overall", (Dictionary<string, object>)result["overall"]!);
                if (result.TryGetValue("groups", out var g) && g is Dictionary<string, Dictionary<string, object>> byGroup)
                    foreach (var (key, value) in byGroup) Print(key, value);
                if (unscored > 0) Console.WriteLine($"{unscored:N0} records without a numeric {string.Join('.', field)} were left out");
            }
            return Task.FromResult(ExitCodes.Ok);
        }).GetAwaiter().GetResult());
        return command;
    }

    private sealed class Tally
    {
        public int N { get; private set; }
        public int Flagged { get; private set; }

        public void Add(bool flagged)
        {
            N++;
            if (flagged) Flagged++;
        }
    }

    internal static Dictionary<string, object> Json(PrevalenceEstimate e) => new()
    {
        ["n"] = e.N, ["flagged"] = e.Flagged, ["share"] = Math.Round(e.Share, 6), ["ci_low"] = Math.Round(e.CiLow, 6), ["ci_high"] = Math.Round(e.CiHigh, 6),
    };

    internal static void Print(string subset, Dictionary<string, object> e) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{subset}\t{e["n"]}\t{e["flagged"]}\t{(double)e["share"]:P1}\t[{(double)e["ci_low"]:P1}, {(double)e["ci_high"]:P1}]"));

    internal static JsonElement? Find(JsonElement root, string[] path)
    {
        var current = root;
        foreach (var part in path)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(part, out current)) return null;
        }
        return current.ValueKind == JsonValueKind.Null ? null : current;
    }

    /// <summary>Each non-blank line as a JSON object; anything else is a data error naming file and line.</summary>
    internal static IEnumerable<(int Line, JsonElement Root)> ReadObjects(string file)
    {
        using var stream = File.OpenRead(file);
        using var reader = new StreamReader(file.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GzipDecompressionStream(stream) : stream);
        var number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            JsonElement root;
            try { root = JsonDocument.Parse(line).RootElement; }
            catch (JsonException e) { throw new InvalidDataException($"{file}:{number}: not JSON ({e.Message})"); }
            if (root.ValueKind != JsonValueKind.Object) throw new InvalidDataException($"{file}:{number}: expected a JSON object");
            yield return (number, root);
        }
    }
}
