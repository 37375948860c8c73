using System.CommandLine;
using System.IO.Compression;
using System.Text.Json;
using ProvenanceGuard.Cli.Output;
using ProvenanceGuard.Demo;
using ProvenanceGuard.Detection.Reference;
using ProvenanceGuard.Pipeline;

namespace ProvenanceGuard.Cli.Commands;

/// <summary><c>provguard demo</c>: builds the demo corpus (Brown Corpus + generated text + broken input) and runs pipelines/demo.json on it.</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out", "-o") { Description = "Release folder; the demo corpus goes to DIR/input", DefaultValueFactory = _ => "demo-out" };
        var pipeline = new Option<string>("--pipeline") { Description = "Pipeline to run on the demo corpus", DefaultValueFactory = _ => "pipelines/demo.json" };
        var json = CommonOptions.Json();
        var set = CommonOptions.Set();
        var signingKey = SigningKeyOption.Create();
        var command = new Command("demo", "Build a demo corpus and run the demo pipeline on it, end to end") { output, pipeline, json, set, signingKey };
        command.SetAction((parse, cancellation) => CliHost.Guard(async () =>
        {
            var directory = Path.GetFullPath(parse.GetValue(output)!);
            var asJson = parse.GetValue(json);
            var pipelinePath = ProjectPaths.Require(parse.GetValue(pipeline)!, "demo pipeline");
            var probe = PipelineLoader.Load(pipelinePath, commandLine: CommonOptions.Overrides(parse.GetValue(set)), sourceBaseDirectory: directory);
            using var key = SigningKeyOption.Resolve(parse.GetValue(signingKey), probe.Definition);

            if (!asJson) Console.Error.WriteLine($"building the demo corpus in {Path.Combine(directory, "input")} ...");
            var corpus = new DemoCorpusBuilder(BrownCorpus.Open(probe.Definition.Detector.ReferenceCorpus), new DemoCorpusOptions { Seed = probe.Definition.Seed })
                .Build(directory);
            var loaded = PipelineLoader.WithOutput(probe, directory);

            var result = await ProgressDisplay.RunAsync("demo", asJson, progress =>
                PipelineRunner.RunAsync(loaded, new RunOptions { OutputDirectory = directory, Progress = progress }, cancellation));
            SigningKeyOption.SignIfKey(key, result, asJson);
            SummaryPrinter.Print(RunSummary.From("demo", result, truth: Truth(directory, corpus)), asJson);
            if (!asJson) Console.Error.WriteLine($"release written to {directory} (manifest.json, shards/, rejected.jsonl.gz, dispositions.jsonl.gz)");
            return result.Manifest is { Dispositions.Conserved: false } ? ExitCodes.PolicyFailure : ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>The true machine share before and after, from the dispositions file and the corpus's own labels.</summary>
    private static DemoTruth Truth(string directory, DemoCorpus corpus)
    {
        long machineIn = 0, humanIn = 0, machineKept = 0, humanKept = 0;
        using var file = new GZipStream(File.OpenRead(Path.Combine(directory, ReleaseWriter.DispositionsFile)), CompressionMode.Decompress);
        using var reader = new StreamReader(file);
        while (reader.ReadLine() is { } line)
        {
            using var doc = JsonDocument.Parse(line);
            var id = doc.RootElement.GetProperty("id").GetString()!;
            if (!corpus.IsMachineById.TryGetValue(id, out var machine)) continue;
            var kept = doc.RootElement.GetProperty("disposition").GetString() == "kept";
            if (machine) { machineIn++; if (kept) machineKept++; }
            else { humanIn++; if (kept) humanKept++; }
        }
        return new DemoTruth(machineIn, humanIn, Share(machineIn, humanIn), machineKept, humanKept, Share(machineKept, humanKept),
            corpus.ExactDuplicates, corpus.NearDuplicates, corpus.BrokenRecords, corpus.MachineDocuments, corpus.MachineWatermarkHits,
            corpus.HumanDocuments, corpus.HumanWatermarkHits);
    }

    private static double Share(long machine, long human) => machine + human == 0 ? 0 : (double)machine / (machine + human);
}
