using Xunit;

namespace ProvenanceGuard.Tests.Simulation;

/// <summary>
/// Assertions for Monte-Carlo estimates: a mean over independent chains must land within k
/// standard errors (the chains' own spread / √chains) of the value the mathematics predicts.
/// </summary>
internal static class MonteCarlo
{
    public const double Tolerance = 5.0;

    public static (double Mean, double StandardError) MeanAndError(IReadOnlyList<double> values)
    {
        var n = values.Count;
        var mean = values.Average();
        var variance = values.Sum(v => (v - mean) * (v - mean)) / (n - 1);
        return (mean, Math.Sqrt(variance / n));
    }

    /// <summary>Asserts |mean - expected| ≤ k·SE and returns the distance in standard errors.</summary>
    public static double AssertMeanNear(IReadOnlyList<double> values, double expected, string what, double k = Tolerance)
    {
        var (mean, se) = MeanAndError(values);
        var z = Math.Abs(mean - expected) / se;
        Assert.True(z <= k, $"{what}: mean {mean:G6} vs expected {expected:G6}, {z:F1} standard errors (SE {se:G3}) > {k}");
        return z;
    }

    /// <summary>Asserts the mean is more than k standard errors from <paramref name="expected"/>: the law does not hold here.</summary>
    public static void AssertMeanFar(IReadOnlyList<double> values, double expected, string what, double k = Tolerance)
    {
        var (mean, se) = MeanAndError(values);
        var z = Math.Abs(mean - expected) / se;
        Assert.True(z > k, $"{what}: mean {mean:G6} is only {z:F1} standard errors from {expected:G6}; the check could not tell the difference");
    }

    /// <summary>Asserts an observed frequency of successes is within k binomial standard errors of p.</summary>
    public static void AssertFrequencyNear(int successes, int trials, double p, string what, double k = Tolerance)
    {
        var observed = (double)successes / trials;
        var se = Math.Sqrt(p * (1 - p) / trials);
        var z = Math.Abs(observed - p) / se;
        Assert.True(z <= k, $"{what}: observed {observed:G5} vs {p:G5}, {z:F1} standard errors (SE {se:G3}) > {k}");
    }
}
