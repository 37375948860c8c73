namespace ProvenanceGuard.Provenance.Gate;

/// <summary>What the gate checks beyond the defaults: where the simulator's summary is, and whether one is required.</summary>
public sealed record GateOptions
{
    /// <summary>The simulator's summary.json; when null the gate looks for simulation/summary.json in the release.</summary>
    public string? SimulationSummary { get; init; }
    /// <summary>Fail when no simulator summary is found.</summary>
    public bool RequireSimulation { get; init; }

    public const string DefaultSimulationSummary = "simulation/summary.json";
}
