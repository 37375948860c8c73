using ProvenanceGuard.Simulation.Loops;
using ProvenanceGuard.Simulation.Models;

namespace ProvenanceGuard.Simulation;

/// <summary>Every chain's metrics at every generation, as the simulator produced them.</summary>
public sealed class SimulationRun
{
    private readonly double[][] _values; // [chain][generation * metrics + metric]
    private readonly Dictionary<string, int> _metricIndex;

    internal SimulationRun(ICollapseModel model, TrainingLoop loop, SimulationSettings settings, double[][] values)
    {
        Model = model;
        Loop = loop;
        Settings = settings;
        _values = values;
        _metricIndex = model.Metrics.Select((name, i) => (name, i)).ToDictionary(x => x.name, x => x.i, StringComparer.Ordinal);
    }

    public ICollapseModel Model { get; }
    public TrainingLoop Loop { get; }
    public SimulationSettings Settings { get; }
    public int Chains => _values.Length;
    public int Generations => Settings.Generations;
    public int MetricCount => Model.Metrics.Count;

    public int MetricIndex(string metric) =>
        _metricIndex.TryGetValue(metric, out var i) ? i : throw new KeyNotFoundException($"model '{Model.Name}' has no metric '{metric}'.");

    public double Value(int chain, int generation, int metric) => _values[chain][generation * MetricCount + metric];

    public GenerationValues At(int generation) =>
        generation >= 0 && generation <= Generations ? new GenerationValues(this, generation) : throw new ArgumentOutOfRangeException(nameof(generation));
}
