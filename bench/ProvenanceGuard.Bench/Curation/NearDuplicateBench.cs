using System.Diagnostics;
using System.Globalization;
using ProvenanceGuard.Curation.NearDuplicates;
using ProvenanceGuard.Detection.Reference;

namespace ProvenanceGuard.Bench.Curation;

/// <summary>
/// The MinHash LSH index on Brown Corpus passages: precision and recall on injected near duplicates at 1%, 5%,
/// 10% and 30% word edits, the measured heap bytes per indexed anchor, and sketch-and-lookup throughput.
/// Usage: bench neardup [--passages N] [--bands B] [--rows R] [--threshold T] [--anchors A]
/// </summary>
public static class NearDuplicateBench
{
    public static int Run(string[] args)
    {
        var defaults = new MinHashOptions();
        var options = defaults with
        {
            Bands = (int)Number(args, "--bands", defaults.Bands),
            Rows = (int)Number(args, "--rows", defaults.Rows),
            Threshold = Number(args, "--threshold", defaults.Threshold),
        };
        var passages = Passages((int)Number(args, "--passages", 4000));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{passages.Count} Brown passages (120-300 words), word {options.ShingleWords}-gram shingles, {options.Bands} bands x {options.Rows} rows, threshold {options.Threshold}"));
        Console.WriteLine("| word edits | mean true Jaccard | precision | recall | found / injected | false positives | recall where J >= threshold |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var rate in new[] { 0.01, 0.05, 0.10, 0.30 })
        {
            var r = NearDuplicateTrial.Run(passages, rate, options, seed: 7);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {rate:P0} | {r.MeanTrueJaccard:0.000} | {r.Precision:0.000} | {r.Recall:0.000} | {r.TruePositives}/{r.Originals} | {r.FalsePositives} | {(double.IsNaN(r.RecallAboveThreshold) ? "-" : r.RecallAboveThreshold.ToString("0.000", CultureInfo.InvariantCulture))} ({r.PairsAboveThreshold} pairs) |"));
        }
        MeasureMemoryAndSpeed(passages, options, (int)Number(args, "--anchors", 200_000));
        return 0;
    }

    /// <summary>Indexes distinct texts (passages with every word position shuffled by a seeded draw) and reports heap growth per anchor.</summary>
    private static void MeasureMemoryAndSpeed(List<string> passages, MinHashOptions options, int anchors)
    {
        var vocabulary = passages.SelectMany(p => p.Split(' ')).Distinct(StringComparer.Ordinal).ToArray();
        var random = new Random(5);
        var texts = Enumerable.Range(0, 2000).Select(_ => string.Join(' ', Enumerable.Range(0, 200).Select(_ => vocabulary[random.Next(vocabulary.Length)]))).ToArray();
        var ids = Enumerable.Range(0, anchors).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();

        var before = GC.GetTotalMemory(forceFullCollection: true);
        var index = new NearDuplicateIndex(options);
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < anchors; i++)
        {
            // Distinct texts: a rotating window of random words, so every anchor is new.
            var text = texts[i % texts.Length] + " " + ids[i] + " " + texts[(i / texts.Length + i) % texts.Length];
            index.FindOrAdd(text, ids[i]);
        }
        watch.Stop();
        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(index);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"index of {index.Anchors:N0} anchors: {(after - before) / (double)index.Anchors:F0} heap bytes per anchor measured " +
            $"(estimate {index.ApproximateBytesPerAnchor}; excludes the id strings, which the exact index already holds); " +
            $"{anchors / watch.Elapsed.TotalSeconds:N0} texts/s sketched and looked up (~400 words each, one thread)"));
    }

    private static List<string> Passages(int count)
    {
        var brown = BrownCorpus.Open(ProjectPaths.Find(BrownCorpus.DefaultRelativePath));
        var passages = new List<string>();
        foreach (var document in brown.Documents())
        {
            var words = document.Sentences.SelectMany(s => s).ToList();
            for (var start = 0; start + 300 <= words.Count && passages.Count < count; start += 300)
                passages.Add(string.Join(' ', words.Skip(start).Take(120 + (start / 300 * 37) % 180)));
            if (passages.Count >= count) break;
        }
        return passages;
    }

    private static double Number(string[] args, string name, double fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? double.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
