using ProvenanceGuard.Simulation.Loops;
using ProvenanceGuard.Simulation.Models;

namespace ProvenanceGuard.Simulation;

/// <summary>
/// Runs many independent chains of "fit, sample, refit" in parallel. Each chain owns a random
/// stream derived from (seed, chain index), so the output is identical for any thread count.
/// </summary>
public sealed class CollapseSimulator
{
    public SimulationRun Run(ICollapseModel model, TrainingLoop loop, SimulationSettings settings, CancellationToken cancellationToken = default)
    {
        settings.Validate();
        if (loop.SamplesPerGeneration < 2)
            throw new SimulationInputException($"samples per generation must be ≥ 2, got {loop.SamplesPerGeneration}.");

        var metrics = model.Metrics.Count;
        var stride = (settings.Generations + 1) * metrics;
        var values = new double[settings.Chains][];
        var options = new ParallelOptions
        {
            MaxDegreeOfParallelism = settings.MaxDegreeOfParallelism ?? Environment.ProcessorCount,
            CancellationToken = cancellationToken,
        };

        Parallel.For(0, settings.Chains, options, c =>
        {
            var rng = new ChainRandom(settings.Seed, c);
            var chain = model.StartChain(rng, loop.SamplesPerGeneration);
            var row = new double[stride];
            for (var g = 0; g <= settings.Generations; g++)
            {
                chain.Measure(row.AsSpan(g * metrics, metrics));
                if (g < settings.Generations) chain.Advance(loop.MixFor(g + 1, rng));
            }
            values[c] = row;
        });

        return new SimulationRun(model, loop, settings, values);
    }
}
