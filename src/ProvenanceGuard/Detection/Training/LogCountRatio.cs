namespace ProvenanceGuard.Detection.Training;

/// <summary>
/// NB-SVM-style scaling of the hashed n-grams (Wang and Manning, 2012): each bucket's value is multiplied by
/// the log ratio of how often it occurs in machine versus human training texts, so the regularised
/// logistic regression starts from the naive-Bayes evidence and only has to learn corrections. Computed
/// from the training rows of each fit (never from the rows it will score).
/// </summary>
public static class LogCountRatio
{
    /// <summary>ln((α + machine texts with bucket j) / Σ) - ln((α + human texts with bucket j) / Σ), per bucket.</summary>
    public static float[] Compute(TrainingSet set, IReadOnlyList<int> trainIndices, int sparseSize, double smoothing)
    {
        if (smoothing <= 0) throw new ArgumentOutOfRangeException(nameof(smoothing), smoothing, "Smoothing must be positive.");
        var machine = new double[sparseSize];
        var human = new double[sparseSize];
        foreach (var i in trainIndices)
        {
            var counts = set.IsMachine(i) ? machine : human;
            foreach (var j in set.Rows[i].SparseIndices) counts[j]++; // presence, not frequency: one text, one vote
        }
        double machineTotal = 0, humanTotal = 0;
        for (var j = 0; j < sparseSize; j++)
        {
            machine[j] += smoothing;
            human[j] += smoothing;
            machineTotal += machine[j];
            humanTotal += human[j];
        }
        var ratio = new float[sparseSize];
        for (var j = 0; j < sparseSize; j++)
            ratio[j] = (float)(Math.Log(machine[j] / machineTotal) - Math.Log(human[j] / humanTotal));
        return ratio;
    }
}
