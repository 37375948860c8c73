namespace ProvenanceGuard.Detection.Evaluation;

/// <summary>How well scores separate machine from human texts. NaN where a metric is undefined (e.g. one class only).</summary>
public sealed record DetectionMetrics(int N, double Auroc, double Auprc, double TprAt1PctFpr, double TprAt5PctFpr, double F1, double Ece)
{
    /// <summary>
    /// Computes the metrics. <paramref name="scores"/> rank texts (higher = more machine-like);
    /// <paramref name="threshold"/> on the same scale decides F1; <paramref name="probabilities"/> feed the calibration error.
    /// </summary>
    public static DetectionMetrics Compute(ReadOnlySpan<double> scores, ReadOnlySpan<bool> isMachine, double threshold, ReadOnlySpan<double> probabilities)
    {
        if (scores.Length != isMachine.Length || probabilities.Length != scores.Length)
            throw new ArgumentException("scores, labels and probabilities must have the same length.");
        return new DetectionMetrics(scores.Length, ScoreMetrics.Auroc(scores, isMachine), ScoreMetrics.AveragePrecision(scores, isMachine),
            ScoreMetrics.TprAtFpr(scores, isMachine, 0.01), ScoreMetrics.TprAtFpr(scores, isMachine, 0.05), ScoreMetrics.F1(scores, isMachine, threshold),
            ScoreMetrics.ExpectedCalibrationError(probabilities, isMachine));
    }
}
