namespace ProvenanceGuard.Provenance.Prevalence;

/// <summary>
/// The Rogan-Gladen (1978) correction: a flagged share a = pi*TPR + (1 - pi)*FPR solved for the true share
/// pi = (a - FPR) / (TPR - FPR), clipped to [0, 1] because sampling noise can push it outside.
/// </summary>
public static class RoganGladen
{
    public static double Share(double apparentShare, double tpr, double fpr) =>
        Math.Clamp((apparentShare - fpr) / (tpr - fpr), 0.0, 1.0);
}
