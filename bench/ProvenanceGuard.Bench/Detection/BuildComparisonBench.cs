using System.Diagnostics;
using System.Globalization;
using System.Reflection.Emit;
using System.Runtime.Loader;
using System.Text.Json;
using ProvenanceGuard.Detection;

namespace ProvenanceGuard.Bench.Detection;

/// <summary>
/// Two builds of the detector in one process, each loaded from its own build folder into its own load context,
/// scoring the same texts in turns of 100. Whole runs of one build vary by ±15% on this shared machine; a ratio
/// measured this way is steadier, because the neighbours' load falls on both builds alike. Each build is loaded
/// twice, in the order before, after, after, before, and who goes first rotates, so neither build gains from where
/// its tables land in memory or from its place in the turn: loaded once each, the same build against itself
/// measured 1.003-1.020, as here 0.962-1.011 a round (medians 0.997 and 0.988 in two sittings). Also counts the
/// texts whose log-likelihood ratios differ in any bit. With <c>--after-model</c> the after side scores with another
/// model file, so the same build can compare two models (the speed a model change costs).
/// Usage: detection-ab --before DIR --after DIR [--model FILE] [--after-model FILE] [--data JSONL] [--seconds N]
/// [--rounds N], where DIR is a build output (<c>dotnet build -c Release src/ProvenanceGuard.Cli -o DIR</c>).
/// </summary>
public static class BuildComparisonBench
{
    private const int TextsPerTurn = 100;

    public static int Run(string[] args)
    {
        string? before = null, after = null, model = null, afterModel = null, data = null;
        double seconds = 20;
        var rounds = 3;
        for (var i = 0; i + 1 < args.Length; i++)
        {
            switch (args[i])
            {
                case "--before": before = args[++i]; break;
                case "--after": after = args[++i]; break;
                case "--model": model = args[++i]; break;
                case "--after-model": afterModel = args[++i]; break;
                case "--data": data = args[++i]; break;
                case "--seconds": seconds = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--rounds": rounds = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
            }
        }
        if (before is null || after is null)
        {
            Console.Error.WriteLine("usage: detection-ab --before DIR --after DIR [--model FILE] [--after-model FILE] [--data JSONL] [--seconds N] [--rounds N]");
            return 2;
        }
        model ??= DetectorModel.LocateDefault() ?? throw new FileNotFoundException("models/detector-default.json not found; pass --model.");
        data ??= DetectionBench.FindUp(Path.Combine("shared", "data", "detect", "dev.jsonl"))
            ?? throw new FileNotFoundException("No --data and ../shared/data/detect/dev.jsonl not found.");
        var texts = File.ReadLines(data).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("text").GetString()!).ToArray();
        afterModel ??= model;
        (int Label, Func<string, double> Score)[] builds =
            [(0, LoadScorer(before, model)), (1, LoadScorer(after, afterModel)), (1, LoadScorer(after, afterModel)), (0, LoadScorer(before, model))];
        Console.WriteLine($"corpus: {texts.Length} texts ({data}); model {model}" + (afterModel != model ? $", after: {afterModel}" : "")
            + $"; load average before: {MachineLoad.Averages()}");

        var differing = texts.Count(t => BitConverter.DoubleToInt64Bits(builds[0].Score(t)) != BitConverter.DoubleToInt64Bits(builds[1].Score(t)));
        foreach (var t in texts) { builds[2].Score(t); builds[3].Score(t); } // the second copies warm up too
        Console.WriteLine($"texts whose scores differ in any bit: {differing} of {texts.Length}");

        var ratios = new List<double>();
        for (var round = 1; round <= rounds; round++)
        {
            var elapsed = new double[2];
            long chars = 0;
            var clock = Stopwatch.StartNew();
            for (var (start, turn) = (0, 0); clock.Elapsed.TotalSeconds < seconds; start = (start + TextsPerTurn) % texts.Length, turn++)
            {
                var end = Math.Min(start + TextsPerTurn, texts.Length);
                for (var i = start; i < end; i++) chars += texts[i].Length;
                for (var k = 0; k < builds.Length; k++)
                {
                    var (label, score) = builds[(k + turn) % builds.Length];
                    var started = Stopwatch.GetTimestamp();
                    for (var i = start; i < end; i++) score(texts[i]);
                    elapsed[label] += Stopwatch.GetElapsedTime(started).TotalSeconds;
                }
            }
            ratios.Add(elapsed[0] / elapsed[1]);
            Console.WriteLine($"round {round}: before {2 * chars / 1e6 / elapsed[0]:F2}, after {2 * chars / 1e6 / elapsed[1]:F2} M chars/s; after/before speed {ratios[^1]:F3}");
        }
        ratios.Sort();
        Console.WriteLine($"median after/before speed over {rounds} round(s): {ratios[ratios.Count / 2]:F3}");
        return 0;
    }

    // The build's DetectorModel.Load, and a compiled call of its Score(ReadOnlySpan<char>).LogLikelihoodRatio: the
    // build's types are not this assembly's, and a span argument cannot go through reflection's Invoke.
    private static Func<string, double> LoadScorer(string folder, string model)
    {
        folder = Path.GetFullPath(folder);
        var context = new AssemblyLoadContext(folder);
        context.Resolving += (c, name) =>
        {
            var path = Path.Combine(folder, name.Name + ".dll");
            return File.Exists(path) ? c.LoadFromAssemblyPath(path) : null;
        };
        var assembly = context.LoadFromAssemblyPath(Path.Combine(folder, "ProvenanceGuard.dll"));
        var load = assembly.GetType("ProvenanceGuard.Detection.DetectorModel", throwOnError: true)!.GetMethods()
            .First(m => m.Name == "Load" && m.GetParameters() is [{ ParameterType: var p }, ..] && p == typeof(string));
        var detector = load.Invoke(null, [model, .. Enumerable.Repeat<object?>(null, load.GetParameters().Length - 1)])!;
        var score = detector.GetType().GetMethod("Score", [typeof(ReadOnlySpan<char>)])
            ?? throw new MissingMethodException($"{folder}: the detector has no Score(ReadOnlySpan<char>).");
        var llr = score.ReturnType.GetProperty("LogLikelihoodRatio")!.GetMethod!;

        var method = new DynamicMethod("Score", typeof(double), [typeof(object), typeof(string)], typeof(BuildComparisonBench).Module, skipVisibility: true);
        var il = method.GetILGenerator();
        var result = il.DeclareLocal(score.ReturnType);
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Castclass, detector.GetType());
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Call, typeof(MemoryExtensions).GetMethod(nameof(MemoryExtensions.AsSpan), [typeof(string)])!);
        il.Emit(OpCodes.Callvirt, score);
        il.Emit(OpCodes.Stloc, result);
        il.Emit(OpCodes.Ldloca, result);
        il.Emit(OpCodes.Call, llr);
        il.Emit(OpCodes.Ret);
        return method.CreateDelegate<Func<string, double>>(detector);
    }
}
