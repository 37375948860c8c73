namespace ProvenanceGuard.Simulation;

/// <summary>How many generations and chains to run, and the seed every chain's stream derives from.</summary>
/// <param name="MaxDegreeOfParallelism">Worker threads over chains; null uses every core. Results do not depend on it.</param>
public sealed record SimulationSettings(int Generations, int Chains, long Seed, int? MaxDegreeOfParallelism = null)
{
    public void Validate()
    {
        if (Generations < 0) throw new SimulationInputException($"generations must be ≥ 0, got {Generations}.");
        if (Chains < 1) throw new SimulationInputException($"chains must be ≥ 1, got {Chains}.");
    }
}
