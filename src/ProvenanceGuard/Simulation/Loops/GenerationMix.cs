namespace ProvenanceGuard.Simulation.Loops;

/// <summary>
/// The training data for the next model: <paramref name="FreshReal"/> new draws from the true
/// distribution, <paramref name="Synthetic"/> draws from the current model, and whether they are
/// added to everything trained on before (<paramref name="Accumulate"/>) or replace it.
/// </summary>
public readonly record struct GenerationMix(int FreshReal, int Synthetic, bool Accumulate)
{
    public int Total => FreshReal + Synthetic;
}
