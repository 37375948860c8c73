namespace ProvenanceGuard.Detection;

/// <summary>A detector's verdict on one text.</summary>
/// <param name="PMachine">Probability the text is machine-generated at the scorer's stated base rate; NaN when too short.</param>
/// <param name="LogLikelihoodRatio">log p(text | machine) / p(text | human); NaN when too short.</param>
/// <param name="TooShort">The text is too short to judge: a flag, not a guess.</param>
public readonly record struct DetectorScore(double PMachine, double LogLikelihoodRatio, bool TooShort)
{
    public static DetectorScore TooShortToJudge => new(double.NaN, double.NaN, true);
}

/// <summary>Scores texts for machine-generated signatures. Implementations are thread-safe: the executor calls them from several workers.</summary>
public interface IMachineTextScorer
{
    /// <summary>Name that says what the signal is, e.g. "baseline-unigram-surprisal".</summary>
    string Name { get; }
    string Version { get; }
    /// <summary>SHA-256 of the model's parameters, so a manifest can pin exactly which model scored a release.</summary>
    string ModelDigest { get; }
    DetectorScore Score(ReadOnlySpan<char> text);
}
