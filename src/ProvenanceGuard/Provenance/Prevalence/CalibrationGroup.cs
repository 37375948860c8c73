namespace ProvenanceGuard.Provenance.Prevalence;

/// <summary>
/// How a detector did on one calibration group (texts that share a prompt or source document, and so share their
/// errors): machine texts and how many were flagged, human texts and how many were flagged.
/// </summary>
public readonly record struct CalibrationGroup(int Machine, int MachineFlagged, int Human, int HumanFlagged)
{
    /// <summary>The pooled TPR and FPR of a set of groups, with the machine and human counts they rest on.</summary>
    public static DetectorErrorRates Pool(IReadOnlyList<CalibrationGroup> groups)
    {
        long machine = 0, machineFlagged = 0, human = 0, humanFlagged = 0;
        foreach (var g in groups)
        {
            machine += g.Machine; machineFlagged += g.MachineFlagged; human += g.Human; humanFlagged += g.HumanFlagged;
        }
        if (machine == 0 || human == 0) throw new ConfigurationException($"calibration needs machine and human texts (got {machine} machine, {human} human)");
        return new DetectorErrorRates((double)machineFlagged / machine, (double)humanFlagged / human, (int)machine, (int)human);
    }
}
