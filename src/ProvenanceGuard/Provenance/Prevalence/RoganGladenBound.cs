namespace ProvenanceGuard.Provenance.Prevalence;

/// <summary>
/// A deterministic one-sided upper confidence bound of the Rogan-Gladen share, for decisions that must be reproducible
/// (the curator's quota, the gate). Delta method over the three binomial sources: the flagged share, TPR and FPR.
/// The flagged share's part is taken from its Wilson upper bound rather than its Wald standard error, so the bound stays
/// honest when few or no records are flagged; a rate without a sample size counts as exactly known.
/// </summary>
public static class RoganGladenBound
{
    public static double Upper(long flagged, long n, DetectorErrorRates rates, double z)
    {
        if (n <= 0) return 1;
        var (tpr, fpr) = (rates.Tpr, rates.Fpr);
        var youden = tpr - fpr;
        if (!(youden > 0)) return 1;
        var apparent = (double)flagged / n;
        var share = (apparent - fpr) / youden;
        var clipped = Math.Clamp(share, 0, 1);
        var apparentSe = (WilsonUpper(flagged, n, z) - apparent) / z;
        var tprVar = rates.TprSamples is { } nt ? tpr * (1 - tpr) / nt : 0;
        var fprVar = rates.FprSamples is { } nf ? fpr * (1 - fpr) / nf : 0;
        var se = Math.Sqrt(apparentSe * apparentSe + clipped * clipped * tprVar + (1 - clipped) * (1 - clipped) * fprVar) / youden;
        return Math.Clamp(share + z * se, 0, 1);
    }

    private static double WilsonUpper(long s, long n, double z)
    {
        var p = (double)s / n;
        var z2 = z * z;
        return (p + z2 / (2 * n) + z * Math.Sqrt(p * (1 - p) / n + z2 / (4.0 * n * n))) / (1 + z2 / n);
    }
}
