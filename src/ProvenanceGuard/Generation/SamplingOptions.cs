namespace ProvenanceGuard.Generation;

/// <summary>How the generator picks the next word: temperature on counts, then top-k, then nucleus (top-p) truncation.</summary>
public sealed record SamplingOptions
{
    public double Temperature { get; init; } = 1.0;
    /// <summary>Keep only the k most frequent continuations; 0 keeps all.</summary>
    public int TopK { get; init; }
    /// <summary>Keep the smallest set of continuations whose probability reaches p; 1 keeps all.</summary>
    public double TopP { get; init; } = 1.0;
}
