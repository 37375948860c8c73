namespace ProvenanceGuard.Simulation;

/// <summary>
/// How much synthetic data the curator's policy lets into a training mix, given the detector's
/// operating point and how contaminated the candidate pool is.
/// Model: a pool with synthetic share c passes the detector; synthetic records are flagged with
/// probability TPR, human ones with probability FPR. Unflagged records are taken as human and kept.
/// Flagged records are the ones the curator knows as synthetic; it admits them only while they stay
/// within maxSyntheticShare of the mix (none of them when the policy sets no quota).
/// The result is the expected true synthetic share of what is kept.
/// </summary>
public static class PolicyLeakage
{
    public static double SyntheticShare(double poolSyntheticShare, DetectorOperatingPoint detector, double? maxSyntheticShare)
    {
        var c = poolSyntheticShare;
        var unflaggedHuman = (1 - c) * (1 - detector.FalsePositiveRate);
        var unflaggedSynthetic = c * (1 - detector.TruePositiveRate);
        var flaggedHuman = (1 - c) * detector.FalsePositiveRate;
        var flaggedSynthetic = c * detector.TruePositiveRate;
        var unflagged = unflaggedHuman + unflaggedSynthetic;
        var flagged = flaggedHuman + flaggedSynthetic;

        double admitted; // share of flagged records admitted
        if (flagged <= 0) admitted = 0;
        else if (maxSyntheticShare is not { } q) admitted = 0;
        else admitted = Math.Min(1.0, q / (1 - q) * unflagged / flagged);

        var human = unflaggedHuman + admitted * flaggedHuman;
        var synthetic = unflaggedSynthetic + admitted * flaggedSynthetic;
        var total = human + synthetic;
        return total <= 0 ? 0 : synthetic / total;
    }
}
