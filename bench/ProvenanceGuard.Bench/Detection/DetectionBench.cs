using System.Diagnostics;
using System.Text.Json;
using ProvenanceGuard.Detection;
using ProvenanceGuard.Detection.Features;

namespace ProvenanceGuard.Bench.Detection;

/// <summary>
/// Macro benchmark of detector scoring: MB/s of UTF-8 text on one thread and on two threads, plus
/// model load time and managed memory. Usage: detection [--model FILE] [--data JSONL] [--seconds N] [--breakdown] [--checksum].
/// </summary>
public static class DetectionBench
{
    public static int Run(string[] args)
    {
        string? model = null, data = null;
        var seconds = 10.0;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--model" && i + 1 < args.Length) model = args[++i];
            else if (args[i] == "--data" && i + 1 < args.Length) data = args[++i];
            else if (args[i] == "--seconds" && i + 1 < args.Length) seconds = double.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
        }
        model ??= DetectorModel.LocateDefault() ?? throw new FileNotFoundException("models/detector-default.json not found; pass --model.");
        data ??= FindUp(Path.Combine("shared", "data", "detect", "dev.jsonl")) ?? throw new FileNotFoundException("No --data and ../shared/data/detect/dev.jsonl not found.");

        var texts = File.ReadLines(data).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("text").GetString()!).ToArray();
        var bytes = texts.Sum(t => (long)System.Text.Encoding.UTF8.GetByteCount(t));
        Console.WriteLine($"corpus: {texts.Length} texts, {bytes / 1e6:F2} MB UTF-8 ({data})");

        GC.Collect();
        var before = GC.GetTotalMemory(true);
        var load = Stopwatch.StartNew();
        var detector = DetectorModel.Load(model);
        load.Stop();
        var after = GC.GetTotalMemory(true);
        Console.WriteLine($"load average before: {MachineLoad.Averages()}");
        Console.WriteLine($"model: {model} ({new FileInfo(model).Length / 1e6:F2} MB file), load {load.Elapsed.TotalSeconds:F2} s, managed heap +{(after - before) / 1e6:F1} MB, process working set {Environment.WorkingSet / 1e6:F0} MB");

        foreach (var t in texts.Take(200)) detector.Score(t); // warm-up (tiered JIT)
        foreach (var threads in new[] { 1, 2 })
        {
            var (mbps, perCpuSecond, allocated) = Measure(detector, texts, bytes, threads, seconds);
            Console.WriteLine($"scoring, {threads} thread(s): {mbps:F2} MB/s total, {mbps / threads:F2} MB/s per core (wall), {perCpuSecond:F2} MB per CPU-second, {allocated:F0} bytes allocated per text");
        }
        if (args.Contains("--breakdown")) Breakdown(detector, texts, bytes, seconds);
        if (args.Contains("--checksum")) Console.WriteLine($"feature checksum over all texts: {FeatureChecksum(detector, texts):x16}");
        return 0;
    }

    // Single-thread feature extraction throughput with parts switched off, to show where scoring time goes. The
    // variants take turns on the same run of texts, a fraction of a second each, so the neighbours' load on this
    // shared machine falls on all of them alike and their ratios stay steady even when the absolute figures do not.
    private static void Breakdown(SignatureDetector detector, string[] texts, long corpusBytes, double seconds)
    {
        var reference = detector.Featurizer.Reference;
        var baseOptions = detector.Parameters.Features;
        var trigram = detector.Featurizer.Trigram;
        var syntax = detector.Featurizer.Syntax;
        var variants = new (string Name, FeatureOptions Options, bool Trigram, bool Syntax)[]
            {
                ("all features", baseOptions, true, true),
                ("no character n-grams", baseOptions with { CharNgramMin = 0 }, true, true),
                ("no syntax n-grams", baseOptions with { SyntaxNgramMax = 0 }, true, true),
                ("no word n-grams", baseOptions with { WordUnigrams = false, WordBigrams = false }, true, true),
                ("no trigram reference", baseOptions, false, true),
                ("no syntax reference", baseOptions, true, false),
            }
            .Where(v => (v.Trigram || trigram is not null) && (v.Syntax || syntax is not null))
            .Select(v => (v.Name, Featurizer: new TextFeaturizer(reference, v.Options, detector.Featurizer.Spoken, v.Trigram ? trigram : null,
                v.Syntax ? syntax : null)))
            .ToArray();
        const int TextsPerTurn = 200;
        var dense = new double[DenseFeatureLayout.Count];
        var elapsed = new double[variants.Length];
        var chars = new long[variants.Length];
        var clock = Stopwatch.StartNew();
        for (var start = 0; clock.Elapsed.TotalSeconds < seconds; start = (start + TextsPerTurn) % texts.Length)
        {
            for (var v = 0; v < variants.Length; v++)
            {
                var turn = Stopwatch.StartNew();
                for (var i = start; i < Math.Min(start + TextsPerTurn, texts.Length); i++)
                {
                    var sink = new NullSink();
                    variants[v].Featurizer.Extract(texts[i], dense, ref sink);
                    chars[v] += texts[i].Length;
                }
                elapsed[v] += turn.Elapsed.TotalSeconds;
            }
        }
        var bytesPerChar = (double)corpusBytes / texts.Sum(t => (long)t.Length);
        var speeds = variants.Select((_, v) => chars[v] * bytesPerChar / 1e6 / elapsed[v]).ToArray();
        for (var v = 0; v < variants.Length; v++)
            Console.WriteLine($"extract, {variants[v].Name}: {speeds[v]:F2} MB/s ({speeds[v] / speeds[0]:F3}x all features)");
    }

    // Order-independent digest of every text's dense values (bit patterns) and hashed occurrences: a speed
    // change that claims "same features" must leave it unchanged.
    private static ulong FeatureChecksum(SignatureDetector detector, string[] texts)
    {
        var dense = new double[DenseFeatureLayout.Count];
        ulong digest = 0;
        foreach (var text in texts)
        {
            var sink = new ChecksumSink();
            var judged = detector.Featurizer.Extract(text, dense, ref sink);
            ulong textDigest = judged ? 1UL : 2UL;
            foreach (var v in dense) textDigest = Mix(textDigest ^ (ulong)BitConverter.DoubleToInt64Bits(v));
            digest += Mix(textDigest ^ sink.Digest);
        }
        return digest;
    }

    private static ulong Mix(ulong x)
    {
        x ^= x >> 31;
        x *= 0xD6E8FEEB86659FD7UL;
        return x ^ (x >> 29);
    }

    private struct ChecksumSink : ISparseFeatureSink
    {
        public ulong Digest;
        public void Add(ReadOnlySpan<int> indices, float value)
        {
            foreach (var index in indices) Digest += Mix(((ulong)(uint)index << 32) | BitConverter.SingleToUInt32Bits(value));
        }
    }

    private struct NullSink : ISparseFeatureSink
    {
        public double Sum;
        public void Add(ReadOnlySpan<int> indices, float value)
        {
            foreach (var index in indices) Sum += index * value;
        }
    }

    // Wall-clock MB/s depends on what else the shared machine runs; MB per CPU-second of this process
    // is the steadier per-core figure when the cores are contended.
    private static (double MBps, double MBpsPerCpuSecond, double AllocatedPerText) Measure(SignatureDetector detector, string[] texts, long corpusBytes, int threads, double seconds)
    {
        long processedBytes = 0, processedTexts = 0;
        var allocatedBefore = GC.GetTotalAllocatedBytes(true);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, threads).Select(w => new Thread(() =>
        {
            long localBytes = 0, localTexts = 0;
            var i = w;
            var sink = 0.0;
            while (clock.Elapsed.TotalSeconds < seconds)
            {
                var text = texts[i % texts.Length];
                sink += detector.Score(text).LogLikelihoodRatio;
                localBytes += text.Length; // ASCII-dominated corpus: chars ~ bytes; exact total below
                localTexts++;
                i += threads;
            }
            Interlocked.Add(ref processedBytes, localBytes);
            Interlocked.Add(ref processedTexts, localTexts);
            GC.KeepAlive(sink);
        })).ToList();
        workers.ForEach(t => t.Start());
        workers.ForEach(t => t.Join());
        clock.Stop();
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        var allocated = GC.GetTotalAllocatedBytes(true) - allocatedBefore;
        var totalChars = texts.Sum(t => (long)t.Length);
        var utf8Bytes = processedBytes * (double)corpusBytes / totalChars; // convert chars to UTF-8 bytes at the corpus ratio
        return (utf8Bytes / 1e6 / clock.Elapsed.TotalSeconds, utf8Bytes / 1e6 / cpuSeconds, allocated / (double)Math.Max(1, processedTexts));
    }

    internal static string? FindUp(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

}
