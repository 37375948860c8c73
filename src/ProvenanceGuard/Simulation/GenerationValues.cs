namespace ProvenanceGuard.Simulation;

/// <summary>One generation's per-chain metric values, read-only, chains in index order.</summary>
public readonly struct GenerationValues(SimulationRun run, int generation)
{
    public int Chains => run.Chains;
    public int Generation => generation;
    public int SamplesPerGeneration => run.Loop.SamplesPerGeneration;

    public double this[int chain, int metric] => run.Value(chain, generation, metric);

    public double this[int chain, string metric] => run.Value(chain, generation, run.MetricIndex(metric));

    /// <summary>All chains' values of one metric, in chain order.</summary>
    public double[] Column(string metric)
    {
        var m = run.MetricIndex(metric);
        var column = new double[run.Chains];
        for (var c = 0; c < column.Length; c++) column[c] = run.Value(c, generation, m);
        return column;
    }
}
