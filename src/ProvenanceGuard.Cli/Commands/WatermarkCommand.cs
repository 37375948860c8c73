using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ProvenanceGuard.Provenance.Watermark;

namespace ProvenanceGuard.Cli.Commands;

/// <summary><c>provguard watermark detect</c>: the green-list watermark test of a key on every record of JSONL files.</summary>
internal static class WatermarkCommand
{
    public static Command Create()
    {
        var defaults = new WatermarkOptions();
        var key = new Option<string>("--key") { Description = "The watermark key the generator used", Required = true };
        var data = new Option<string[]>("--data") { Description = "JSONL files with a \"text\" field (and optionally \"id\")", Arity = ArgumentArity.OneOrMore, AllowMultipleArgumentsPerToken = true, Required = true };
        var scheme = new Option<WatermarkScheme>("--scheme") { Description = "context (Kirchenbauer et al., previous word) or unigram (Zhao et al., fixed list)", DefaultValueFactory = _ => defaults.Scheme };
        var gamma = new Option<double>("--gamma") { Description = "Green share of the vocabulary", DefaultValueFactory = _ => defaults.Gamma };
        var threshold = new Option<double>("--threshold") { Description = "z-score at which a record is a hit", DefaultValueFactory = _ => defaults.ZThreshold };
        var bpeRanks = new Option<string?>("--bpe-ranks") { Description = "Score over the generator's own byte-level BPE tokens: a tiktoken-format rank file (base64 token and rank per line)" };
        var splitPattern = new Option<string>("--split-pattern") { Description = "The BPE encoding's split pattern as a .NET regular expression (default: GPT-2's)", DefaultValueFactory = _ => BytePairTokenizer.Gpt2SplitPattern };
        var json = new Option<bool>("--json") { Description = "Print the per-record scores and the hit count as JSON on stdout" };
        var detect = new Command("detect", "Print z and the one-sided p-value per record and the number of hits") { key, data, scheme, gamma, threshold, bpeRanks, splitPattern, json };
        detect.SetAction(parse => CliHost.Guard(() =>
        {
            var options = new WatermarkOptions { Scheme = parse.GetValue(scheme), Gamma = parse.GetValue(gamma), ZThreshold = parse.GetValue(threshold) };
            ITokenIds? tokenIds = null;
            if (parse.GetValue(bpeRanks) is { } ranks)
            {
                if (!File.Exists(ranks)) throw new ConfigurationException($"--bpe-ranks {ranks}: file not found");
                tokenIds = BytePairTokenizer.Load(ranks, parse.GetValue(splitPattern)!);
            }
            var detector = new WatermarkDetector(parse.GetValue(key)!, options, tokenIds);
            var files = parse.GetValue(data)!;
            foreach (var file in files)
                if (!File.Exists(file)) throw new ConfigurationException($"--data {file}: file not found");

            var rows = new List<Dictionary<string, object?>>();
            int hits = 0, records = 0, skipped = 0;
            var asJson = parse.GetValue(json);
            if (!asJson) Console.WriteLine("file\tline\tid\ttokens\tscored\tgreen\tz\tp\thit");
            foreach (var file in files)
                foreach (var (line, id, text, problem) in ReadTexts(file))
                {
                    if (problem is not null)
                    {
                        // A bad line is reported and counted, never fatal: the rest of the file is still checked.
                        Console.Error.WriteLine($"skipped {file}:{line}: {problem}");
                        skipped++;
                        continue;
                    }
                    var s = detector.Score(text!);
                    if (asJson)
                        rows.Add(new() { ["file"] = file, ["line"] = line, ["id"] = id, ["tokens"] = s.Tokens, ["scored"] = s.Scored, ["green"] = s.Green, ["z"] = Math.Round(s.Z, 4), ["p"] = s.PValue, ["hit"] = s.IsHit });
                    else
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{file}\t{line}\t{id}\t{s.Tokens}\t{s.Scored}\t{s.Green}\t{s.Z:0.00}\t{s.PValue:0.###E+0}\t{(s.IsHit ? "HIT" : "-")}"));
                    if (s.IsHit) hits++;
                    records++;
                }
            if (asJson)
                Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
                {
                    ["scheme"] = options.Scheme.ToString().ToLowerInvariant(), ["gamma"] = options.Gamma, ["threshold"] = options.ZThreshold,
                    ["records"] = records, ["hits"] = hits, ["skipped"] = skipped, ["scores"] = rows,
                }));
            else Console.WriteLine($"{hits:N0} of {records:N0} records carry the watermark (z >= {options.ZThreshold.ToString(CultureInfo.InvariantCulture)})" +
                                   (skipped > 0 ? $"; {skipped:N0} lines skipped (see stderr)" : ""));
            return Task.FromResult(ExitCodes.Ok);
        }).GetAwaiter().GetResult());
        return new Command("watermark", "Green-list watermarks (Kirchenbauer et al. 2023; Unigram, Zhao et al. 2023)") { detect };
    }

    /// <summary>(line number, id, text) of each non-blank line, or the problem with a line that has no string "text".</summary>
    private static IEnumerable<(int Line, string? Id, string? Text, string? Problem)> ReadTexts(string file)
    {
        var number = 0;
        foreach (var line in File.ReadLines(file))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            JsonElement root = default;
            string? invalid = null;
            try { root = JsonDocument.Parse(line).RootElement; }
            catch (JsonException e) { invalid = $"not JSON ({e.Message})"; }
            if (invalid is not null)
            {
                yield return (number, null, null, invalid);
                continue;
            }
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("text", out var text) || text.ValueKind != JsonValueKind.String)
            {
                yield return (number, null, null, "expected an object with a string \"text\"");
                continue;
            }
            var id = root.TryGetProperty("id", out var idValue) && idValue.ValueKind == JsonValueKind.String ? idValue.GetString() : null;
            yield return (number, id, text.GetString()!, null);
        }
    }
}
