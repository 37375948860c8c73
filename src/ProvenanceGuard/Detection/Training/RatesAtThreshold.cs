namespace ProvenanceGuard.Detection.Training;

/// <summary>The shares of machine texts (TPR) and of human texts (FPR) that the detector flags: log-likelihood ratio above its threshold.</summary>
public sealed record RatesAtThreshold(double Tpr, double Fpr)
{
    /// <summary>NaN for a class with no texts.</summary>
    public static RatesAtThreshold Measure(IReadOnlyList<double> llr, IReadOnlyList<bool> machine, double threshold)
    {
        int machines = 0, machinesFlagged = 0, humans = 0, humansFlagged = 0;
        for (var i = 0; i < llr.Count; i++)
        {
            var flagged = llr[i] > threshold ? 1 : 0;
            if (machine[i]) { machines++; machinesFlagged += flagged; }
            else { humans++; humansFlagged += flagged; }
        }
        return new RatesAtThreshold(machines == 0 ? double.NaN : (double)machinesFlagged / machines, humans == 0 ? double.NaN : (double)humansFlagged / humans);
    }
}
