using System.Diagnostics;
using System.Text.Json;
using ProvenanceGuard.Detection.Baseline;
using ProvenanceGuard.Detection.Reference;
using ProvenanceGuard.Detection.Tokenization;

namespace ProvenanceGuard.Bench.Detection;

/// <summary>
/// Macro benchmark of the baseline detector's word scan (<see cref="WordSurprisalTable.SumOverWords"/>) alone, with the
/// real Brown table: Mchars and MB (UTF-8) per CPU-second on one thread, median of rounds, and a checksum of every text's
/// (sum, words) so that a faster scan can be shown to give bit-identical results.
/// Usage: baseline-scan [--corpus JSONL] [--records N] [--seconds N] [--rounds N] [--model FILE].
/// Without --corpus the texts are the Brown Corpus documents' sentences, joined per document.
/// </summary>
public static class BaselineScanBench
{
    public static int Run(string[] args)
    {
        string? corpus = null, modelPath = null;
        int records = 10_000, rounds = 5;
        var seconds = 10.0;
        for (var i = 0; i < args.Length; i++)
        {
            var invariant = System.Globalization.CultureInfo.InvariantCulture;
            if (args[i] == "--corpus" && i + 1 < args.Length) corpus = args[++i];
            else if (args[i] == "--model" && i + 1 < args.Length) modelPath = args[++i];
            else if (args[i] == "--records" && i + 1 < args.Length) records = int.Parse(args[++i], invariant);
            else if (args[i] == "--rounds" && i + 1 < args.Length) rounds = int.Parse(args[++i], invariant);
            else if (args[i] == "--seconds" && i + 1 < args.Length) seconds = double.Parse(args[++i], invariant);
            else
            {
                Console.Error.WriteLine($"baseline-scan: unknown option '{args[i]}'");
                return 2;
            }
        }
        if (corpus is not null && !File.Exists(corpus))
        {
            Console.Error.WriteLine($"baseline-scan: corpus '{corpus}' not found");
            return 2;
        }

        var brown = BrownCorpus.Open();
        var reference = UnigramReference.FromBrown(brown);
        var baseline = UnigramSurprisalBaseline.Load(modelPath ?? ProjectPaths.Require("models/baseline-unigram-surprisal-demo.json", "model"), reference);
        var table = BaselineTable(reference);
        var texts = corpus is null
            ? brown.Documents().Select(d => string.Join(' ', d.Sentences.Select(s => string.Join(' ', s)))).ToArray()
            : File.ReadLines(corpus).Take(records).Select((line, n) => ReadText(line, corpus, n + 1)).ToArray();
        var chars = texts.Sum(t => (long)t.Length);
        var bytes = texts.Sum(t => (long)System.Text.Encoding.UTF8.GetByteCount(t));
        Console.WriteLine($"texts: {texts.Length} from {corpus ?? brown.Folder}, {chars / 1e6:F2} M chars, {bytes / 1e6:F2} MB UTF-8");

        // The table here is rebuilt the way the baseline builds its own; agreeing with the loaded baseline's means on
        // every text shows the timed scan is the one the pipeline runs.
        ulong checksum = 0xcbf29ce484222325UL;
        long words = 0;
        for (var n = 0; n < texts.Length; n++)
        {
            var (sum, count) = table.SumOverWords(texts[n]);
            var (mean, baselineCount) = baseline.MeanSurprisal(texts[n]);
            if (count != baselineCount || (count > 0 && BitConverter.DoubleToInt64Bits(sum / count) != BitConverter.DoubleToInt64Bits(mean)))
                throw new InvalidOperationException($"text {n}: the rebuilt table and the loaded baseline disagree");
            checksum = (checksum ^ (ulong)BitConverter.DoubleToInt64Bits(sum)) * 0x100000001b3UL;
            checksum = (checksum ^ (uint)count) * 0x100000001b3UL;
            words += count;
        }
        Console.WriteLine($"words: {words}, checksum of (sum, words) over all texts: {checksum:x16}");
        Console.WriteLine($"load average before: {MachineLoad.Averages()}");

        var perCpuSecond = new List<double>();
        var process = Process.GetCurrentProcess();
        double sink = 0;
        for (var round = 0; round < rounds; round++)
        {
            long scanned = 0;
            process.Refresh();
            var cpu0 = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            for (var n = 0; clock.Elapsed.TotalSeconds < seconds / rounds; n = (n + 1) % texts.Length)
            {
                sink += table.SumOverWords(texts[n]).Sum;
                scanned += texts[n].Length;
            }
            process.Refresh();
            var cpu = (process.TotalProcessorTime - cpu0).TotalSeconds;
            perCpuSecond.Add(scanned / 1e6 / cpu);
            Console.WriteLine($"round {round + 1}: {scanned / 1e6 / cpu:F1} Mchars per CPU-second ({scanned / 1e6 / clock.Elapsed.TotalSeconds:F1} per wall second)");
        }
        perCpuSecond.Sort();
        var median = perCpuSecond[perCpuSecond.Count / 2];
        Console.WriteLine($"median: {median:F1} Mchars per CPU-second = {median * bytes / chars:F1} MB (UTF-8) per CPU-second (sink {sink:E3})");
        Console.WriteLine($"load average after: {MachineLoad.Averages()}");
        return 0;
    }

    // The same smoothing as UnigramSurprisalBaseline: -log2((count + 1) / (total + types + 1)).
    private static WordSurprisalTable BaselineTable(UnigramReference reference)
    {
        var logDenominator = Math.Log2(reference.Total + reference.Types + 1.0);
        return new WordSurprisalTable(reference.Counts.ToDictionary(kv => kv.Key, kv => logDenominator - Math.Log2(kv.Value + 1.0)), logDenominator);
    }

    private static string ReadText(string line, string path, int lineNumber)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            return document.RootElement.GetProperty("text").GetString() ?? throw new InvalidDataException($"{path}:{lineNumber}: \"text\" is null");
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new InvalidDataException($"{path}:{lineNumber}: no string \"text\" field ({e.Message})");
        }
    }
}
