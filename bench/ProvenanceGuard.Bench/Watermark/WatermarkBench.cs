using System.Globalization;
using System.Text.Json;
using ProvenanceGuard.Detection.Reference;
using ProvenanceGuard.Generation;
using ProvenanceGuard.Provenance.Watermark;

namespace ProvenanceGuard.Bench.Watermark;

/// <summary>
/// The green-list watermark measured: false positives at z = 4 on the human (and other generators') texts of
/// ../shared/data/detect/dev.jsonl; the detection rate on our n-gram generator's output by length and delta
/// (gamma 0.25, demo sampling: temperature 0.8, top-k 40); and the detection rate after 10/20/40% of the
/// words are replaced by random Brown words.
/// Usage: bench watermark [--texts N] [--data dev.jsonl]
/// </summary>
public static class WatermarkBench
{
    private const string Key = "bench watermark key";
    private static readonly SamplingOptions Sampling = new() { Temperature = 0.8, TopK = 40 };

    public static int Run(string[] args)
    {
        var texts = (int)Number(args, "--texts", 200);
        var data = Value(args, "--data") ?? ProjectPaths.Find("../shared/data/detect/dev.jsonl");
        var documents = BrownCorpus.Open().Documents().ToList();
        var model = WordNGramModel.Train(documents.Where((_, i) => i % 2 == 0).SelectMany(d => d.Sentences));
        var vocabulary = documents.Where((_, i) => i % 2 == 1).SelectMany(d => d.Sentences).SelectMany(s => s)
            .Where(w => WordIds.OfSingleWord(w) is not null).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();

        FalsePositives(data);
        DetectionByLengthAndDelta(model, texts);
        Robustness(model, vocabulary, texts);
        return 0;
    }

    private static void FalsePositives(string? data)
    {
        if (data is null || !File.Exists(data))
        {
            Console.WriteLine("false positives: skipped (../shared/data/detect/dev.jsonl not found; pass --data FILE)");
            return;
        }
        var byLabel = File.ReadLines(data).Where(l => !string.IsNullOrWhiteSpace(l))
            .Select(l => JsonDocument.Parse(l).RootElement)
            .GroupBy(r => r.GetProperty("label").GetString() ?? "?")
            .ToDictionary(g => g.Key, g => g.Select(r => r.GetProperty("text").GetString() ?? "").ToList());
        Console.WriteLine($"False positives at z >= 4 on {data} (no watermark in any of these texts), gamma 0.25");
        Console.WriteLine("| scheme | texts | label | hits | FPR | mean z | var z | max z | median scored pairs |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var scheme in new[] { WatermarkScheme.Context, WatermarkScheme.Unigram })
            foreach (var (label, list) in byLabel.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                var detector = new WatermarkDetector(Key, new WatermarkOptions { Scheme = scheme });
                var scores = list.Select(detector.Score).ToList();
                var z = scores.Select(s => s.Z).ToList();
                var mean = z.Average();
                var hits = scores.Count(s => s.IsHit);
                Console.WriteLine(Invariant($"| {scheme} | {list.Count} | {label} | {hits} | {(double)hits / list.Count:0.0000} | {mean:0.000} | {z.Sum(v => (v - mean) * (v - mean)) / (z.Count - 1):0.000} | {z.Max():0.00} | {Median(scores.Select(s => (double)s.Scored))} |"));
            }
    }

    private static void DetectionByLengthAndDelta(WordNGramModel model, int texts)
    {
        Console.WriteLine();
        Console.WriteLine($"Detection rate (z >= 4) on {texts} watermarked generator texts per cell, gamma 0.25; length in generated tokens (words and punctuation)");
        Console.WriteLine("| scheme | delta | tokens | median scored pairs | green share | mean z | detected |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var scheme in new[] { WatermarkScheme.Context, WatermarkScheme.Unigram })
            foreach (var delta in new[] { 1.0, 2.0, 4.0 })
                foreach (var length in new[] { 50, 100, 200, 400 })
                {
                    var options = new WatermarkOptions { Scheme = scheme, Delta = delta };
                    var generator = new GeneratedText(model, Sampling, new Random(length * 31 + (int)delta), new WatermarkBias(Key, options));
                    var detector = new WatermarkDetector(Key, options);
                    var scores = Enumerable.Range(0, texts).Select(_ => detector.Score(generator.Next(length))).ToList();
                    Row(scheme, delta, length, scores);
                }
    }

    private static void Robustness(WordNGramModel model, string[] vocabulary, int texts)
    {
        Console.WriteLine();
        Console.WriteLine($"Robustness: {texts} watermarked texts (context scheme, delta 2, gamma 0.25) with a share of their word tokens replaced by random Brown words");
        Console.WriteLine("| tokens | replaced | median scored pairs | green share | mean z | detected |");
        Console.WriteLine("|---|---|---|---|---|---|");
        var options = new WatermarkOptions { Delta = 2.0 };
        var detector = new WatermarkDetector(Key, options);
        foreach (var length in new[] { 200, 400 })
        {
            var generator = new GeneratedText(model, Sampling, new Random(length), new WatermarkBias(Key, options));
            var originals = Enumerable.Range(0, texts).Select(_ => generator.NextTokens(length)).ToList();
            foreach (var share in new[] { 0.0, 0.1, 0.2, 0.4 })
            {
                var random = new Random(17);
                var scores = originals.Select(t => detector.Score(Detokenizer.Join(Replace(t, share, vocabulary, random)))).ToList();
                Console.WriteLine(Invariant($"| {length} | {share:P0} | {Median(scores.Select(s => (double)s.Scored))} | {scores.Sum(s => s.Green) / (double)scores.Sum(s => s.Scored):0.000} | {scores.Average(s => s.Z):0.00} | {scores.Count(s => s.IsHit) / (double)scores.Count:P1} |"));
            }
        }
    }

    /// <summary>Replaces the given share of the word tokens (positions drawn without replacement) by random vocabulary words.</summary>
    private static List<string> Replace(List<string> tokens, double share, string[] vocabulary, Random random)
    {
        var copy = tokens.ToList();
        var words = Enumerable.Range(0, copy.Count).Where(i => WordIds.OfSingleWord(copy[i]) is not null).ToList();
        var count = (int)Math.Round(words.Count * share);
        foreach (var i in words.OrderBy(_ => random.Next()).Take(count)) copy[i] = vocabulary[random.Next(vocabulary.Length)];
        return copy;
    }

    private static void Row(WatermarkScheme scheme, double delta, int length, List<WatermarkScore> scores) =>
        Console.WriteLine(Invariant($"| {scheme} | {delta} | {length} | {Median(scores.Select(s => (double)s.Scored))} | {scores.Sum(s => s.Green) / (double)scores.Sum(s => s.Scored):0.000} | {scores.Average(s => s.Z):0.00} | {scores.Count(s => s.IsHit) / (double)scores.Count:P1} |"));

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string? Value(string[] args, string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

    private static double Number(string[] args, string name, double fallback) =>
        Value(args, name) is { } v ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;
}
