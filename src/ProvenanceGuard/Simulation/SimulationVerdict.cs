namespace ProvenanceGuard.Simulation;

/// <summary>One threshold checked against one summary column at the verdict generation.</summary>
/// <param name="Passed">Null when the model has no such column (the check does not apply).</param>
public sealed record VerdictCheck(string Threshold, string Column, string Comparison, double Limit, double? Value, bool? Passed);

/// <summary>
/// Whether the policy holds: "pass" when every applicable threshold holds, "fail" when one does
/// not, "no_thresholds" when the policy sets none that apply to this model.
/// </summary>
public sealed record SimulationVerdict(string Status, int Generation, IReadOnlyList<VerdictCheck> Checks)
{
    public bool Passed => Status != "fail";

    /// <summary>Checks the policy's thresholds at its verdict generation (or the last one simulated).</summary>
    public static SimulationVerdict Evaluate(SimulationSummary summary, SimulationPolicy policy)
    {
        var last = summary.Generations.Count - 1;
        var generation = Math.Min(policy.VerdictGeneration ?? last, last);
        var at = summary.Generations[generation];
        var checks = new List<VerdictCheck>();
        foreach (var (name, limit) in policy.Thresholds.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            if (!ThresholdName.TryParse(name, out var parsed)) continue;
            var value = at.Get(parsed.SummaryColumn);
            bool? passed = value is { } v ? (parsed.IsMinimum ? v >= limit : v <= limit) : null;
            checks.Add(new VerdictCheck(name, parsed.SummaryColumn, parsed.IsMinimum ? ">=" : "<=", limit, value, passed));
        }
        var applicable = checks.Where(c => c.Passed is not null).ToList();
        var status = applicable.Count == 0 ? "no_thresholds" : applicable.All(c => c.Passed == true) ? "pass" : "fail";
        return new SimulationVerdict(status, generation, checks);
    }
}
