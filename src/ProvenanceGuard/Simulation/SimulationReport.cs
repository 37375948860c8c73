using ProvenanceGuard.Simulation.Loops;

namespace ProvenanceGuard.Simulation;

/// <summary>Everything one simulate run produced and the inputs that shaped it, ready to write out.</summary>
public sealed record SimulationReport(
    SimulationRun Run,
    SimulationSummary Summary,
    SimulationVerdict Verdict,
    SimulationPolicy Policy,
    DetectorOperatingPoint Detector,
    double PoolSyntheticShare)
{
    public TrainingLoop Loop => Run.Loop;

    public static SimulationReport Create(SimulationRun run, SimulationPolicy policy, DetectorOperatingPoint detector, double poolSyntheticShare)
    {
        var summary = SimulationSummary.From(run);
        return new SimulationReport(run, summary, SimulationVerdict.Evaluate(summary, policy), policy, detector, poolSyntheticShare);
    }
}
