namespace ProvenanceGuard.Audit;

/// <summary>The Wilson score interval for a binomial share: honest near 0 and 1, where the normal approximation is not.</summary>
public static class WilsonInterval
{
    public static (double Low, double High) Of(long successes, long trials, double z = 1.959964)
    {
        if (trials == 0) return (0, 1);
        double n = trials, p = successes / n, z2 = z * z;
        var center = (p + z2 / (2 * n)) / (1 + z2 / n);
        var half = z * Math.Sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n);
        return (Math.Max(0, center - half), Math.Min(1, center + half));
    }
}
