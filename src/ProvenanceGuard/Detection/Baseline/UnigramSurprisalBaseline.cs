using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace ProvenanceGuard.Detection.Baseline;

/// <summary>The fitted constants of the baseline, as stored in models/baseline-unigram-surprisal.json.</summary>
public sealed record UnigramSurprisalModel
{
    public string Name { get; init; } = UnigramSurprisalBaseline.DetectorName;
    public string Version { get; init; } = UnigramSurprisalBaseline.DetectorVersion;
    /// <summary>LLR = Intercept + Slope * mean surprisal (bits per word).</summary>
    public double Intercept { get; init; }
    public double Slope { get; init; }
    /// <summary>The prior P(machine) that <see cref="DetectorScore.PMachine"/> is stated at.</summary>
    public double BaseRate { get; init; } = 0.5;
    public int MinWords { get; init; } = 20;
    /// <summary>SHA-256 of the reference corpus the counts come from; loading checks it.</summary>
    public string ReferenceCorpusDigest { get; init; } = "";
    public string? TrainedOn { get; init; }
    public Dictionary<string, double>? Metrics { get; init; }
}

/// <summary>
/// Baseline detector, deliberately simple: the mean unigram surprisal of a text's words under Brown Corpus
/// word frequencies (add-one smoothing), mapped to a log-likelihood ratio by a fitted logistic line. Texts
/// made of more predictable words than human text score as more machine-like (the GLTR intuition, at
/// unigram order). It is a placeholder for the trained detector and says so in its name.
/// </summary>
public sealed class UnigramSurprisalBaseline : IMachineTextScorer
{
    public const string DetectorName = "baseline-unigram-surprisal";
    public const string DetectorVersion = "1";

    private readonly WordSurprisalTable _surprisal;
    private readonly double _baseRateLogit;

    public UnigramSurprisalBaseline(UnigramReference reference, UnigramSurprisalModel model)
    {
        if (!string.IsNullOrEmpty(model.ReferenceCorpusDigest) && model.ReferenceCorpusDigest != reference.CorpusDigest)
            throw new ConfigurationException(
                $"baseline model was fitted on reference corpus {model.ReferenceCorpusDigest[..12]}…, but the corpus found is {reference.CorpusDigest[..12]}…");
        Model = model;
        // Add-one smoothing: -log2((count + 1) / (total + types + 1)), precomputed per word.
        var logDenominator = Math.Log2(reference.Total + reference.Types + 1.0);
        _surprisal = new WordSurprisalTable(reference.Counts.ToDictionary(kv => kv.Key, kv => logDenominator - Math.Log2(kv.Value + 1.0)), logDenominator);
        _baseRateLogit = Math.Log(model.BaseRate / (1 - model.BaseRate));
        ModelDigest = Convert.ToHexStringLower(SHA256.HashData(
            Encoding.UTF8.GetBytes(JsonSerializer.Serialize(model with { Metrics = null, TrainedOn = null }) + reference.CorpusDigest)));
    }

    public UnigramSurprisalModel Model { get; }
    public string Name => DetectorName;
    public string Version => DetectorVersion;
    public string ModelDigest { get; }

    public static UnigramSurprisalBaseline Load(string modelPath, UnigramReference reference)
    {
        UnigramSurprisalModel model;
        try
        {
            model = JsonSerializer.Deserialize<UnigramSurprisalModel>(File.ReadAllBytes(modelPath), JsonOptions)
                    ?? throw new ConfigurationException($"{modelPath}: empty model file");
        }
        catch (JsonException e)
        {
            throw new ConfigurationException($"{modelPath}: not a baseline model: {e.Message}");
        }
        if (model.Name != DetectorName) throw new ConfigurationException($"{modelPath}: model '{model.Name}' is not a {DetectorName} model");
        return new UnigramSurprisalBaseline(reference, model);
    }

    public static readonly JsonSerializerOptions JsonOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Mean surprisal in bits per word, and the number of words; NaN when there are no words.</summary>
    public (double MeanBits, int Words) MeanSurprisal(ReadOnlySpan<char> text)
    {
        var (sum, words) = _surprisal.SumOverWords(text);
        return (words == 0 ? double.NaN : sum / words, words);
    }

    public DetectorScore Score(ReadOnlySpan<char> text)
    {
        var (mean, words) = MeanSurprisal(text);
        if (words < Model.MinWords) return DetectorScore.TooShortToJudge;
        var llr = Model.Intercept + Model.Slope * mean;
        var p = 1.0 / (1.0 + Math.Exp(-(llr + _baseRateLogit)));
        return new DetectorScore(p, llr, false);
    }
}
