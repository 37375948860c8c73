namespace ProvenanceGuard.Simulation.Loops;

/// <summary>
/// Decides the training mix of each generation. Generation 0's model is the truth, so the sample
/// drawn from it is the real data; every later generation draws from the previous fit.
/// </summary>
/// <param name="SamplesPerGeneration">M: records in each generation's training set (new records, for accumulate).</param>
/// <param name="FreshRealFraction">lambda for <see cref="LoopKind.FreshMix"/>.</param>
/// <param name="SyntheticShare">Expected synthetic share per generation for <see cref="LoopKind.Policy"/> (see <see cref="PolicyLeakage"/>).</param>
public sealed record TrainingLoop(LoopKind Kind, int SamplesPerGeneration, double FreshRealFraction = 0, double SyntheticShare = 0)
{
    /// <summary>The mix used to fit the model of generation <paramref name="nextGeneration"/> (≥ 1).</summary>
    public GenerationMix MixFor(int nextGeneration, ChainRandom rng)
    {
        var m = SamplesPerGeneration;
        if (nextGeneration == 1) return new GenerationMix(0, m, Kind == LoopKind.Accumulate);
        switch (Kind)
        {
            case LoopKind.Replace:
                return new GenerationMix(0, m, false);
            case LoopKind.Accumulate:
                return new GenerationMix(0, m, true);
            case LoopKind.FreshMix:
                var real = (int)Math.Round(FreshRealFraction * m);
                return new GenerationMix(real, m - real, false);
            case LoopKind.Policy:
                // Each record of the mix is synthetic with the policy's leak probability.
                var synthetic = rng.NextBinomial(m, SyntheticShare);
                return new GenerationMix(m - synthetic, synthetic, false);
            default:
                throw new ArgumentOutOfRangeException(nameof(Kind));
        }
    }

    public string Name => Kind switch
    {
        LoopKind.Replace => "replace",
        LoopKind.Accumulate => "accumulate",
        LoopKind.FreshMix => "fresh",
        LoopKind.Policy => "policy",
        _ => Kind.ToString(),
    };

    public static LoopKind ParseKind(string name) => name.ToLowerInvariant() switch
    {
        "replace" => LoopKind.Replace,
        "accumulate" => LoopKind.Accumulate,
        "fresh" or "fresh-mix" or "freshmix" => LoopKind.FreshMix,
        "policy" => LoopKind.Policy,
        _ => throw new SimulationInputException($"unknown loop '{name}': expected replace, accumulate, fresh or policy."),
    };
}
