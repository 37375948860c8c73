using MathNet.Numerics.Distributions;
using ProvenanceGuard.Provenance.Prevalence;

namespace ProvenanceGuard.Curation;

/// <summary>
/// How many flagged records a group of kept records may hold under a maximum share, on the point estimate
/// (S / (H + S) &lt;= q) or on the one-sided Wilson score upper bound of S / (H + S) at the policy's confidence; or, with
/// <see cref="CurationPolicy.QuotaBasis"/> "upperBound", on the upper bound of the Rogan-Gladen share, which corrects the
/// flagged share with the detector's measured TPR/FPR (<see cref="RoganGladenBound"/>): missed machine texts count against
/// the maximum, false alarms do not. The gate judges shares with <see cref="Exceeds"/>, the same rule, so what the curator
/// keeps the gate accepts.
/// </summary>
public static class SyntheticAllowance
{
    private const double Epsilon = 1e-9;

    public static int Allowed(int unflagged, int flagged, double maxShare, CurationPolicy policy)
    {
        if (policy.QuotaOnUpperBound)
        {
            // The bound grows with every flagged record kept; it may allow more flagged records than the count rule
            // (false alarms are expected) or none at all (a weak detector leaves room for missed machine text).
            var rates = Rates(policy);
            var kept = flagged;
            while (kept > 0 && RoganGladenBound.Upper(kept, unflagged + kept, rates, Z(policy)) > maxShare + Epsilon) kept--;
            return kept;
        }
        // S / (H + S) <= q  <=>  S <= q H / (1 - q); the epsilon keeps exact ratios from rounding down.
        var allowed = Math.Min(flagged, (int)Math.Floor(maxShare * unflagged / (1 - maxShare) + Epsilon));
        if (!policy.UsesUpperBound) return allowed;
        while (allowed > 0 && WilsonUpper(allowed, unflagged + allowed, Z(policy)) > maxShare + Epsilon) allowed--;
        return allowed;
    }

    /// <summary>True when <paramref name="flagged"/> of <paramref name="rows"/> breaks the maximum under the policy's bound.</summary>
    public static bool Exceeds(long flagged, long rows, double maxShare, CurationPolicy policy)
    {
        if (rows == 0) return false;
        if (policy.QuotaOnUpperBound) return flagged > 0 && RoganGladenBound.Upper(flagged, rows, Rates(policy), Z(policy)) > maxShare + Epsilon;
        if ((double)flagged / rows > maxShare + Epsilon) return true;
        return policy.UsesUpperBound && flagged > 0 && WilsonUpper(flagged, rows, Z(policy)) > maxShare + Epsilon;
    }

    /// <summary>The Wilson score interval's upper end for s successes in n trials.</summary>
    public static double WilsonUpper(long s, long n, double z)
    {
        if (n == 0) return 1;
        var p = (double)s / n;
        var z2 = z * z;
        return (p + z2 / (2 * n) + z * Math.Sqrt(p * (1 - p) / n + z2 / (4.0 * n * n))) / (1 + z2 / n);
    }

    private static DetectorErrorRates Rates(CurationPolicy policy) =>
        policy.DetectorRates?.ToErrorRates().Validated() ?? throw new ConfigurationException("policy:detectorRates: quotaBasis 'upperBound' needs the detector's measured tpr and fpr");

    private static double Z(CurationPolicy policy) => Normal.InvCDF(0, 1, policy.Confidence ?? 0.95);
}
