namespace ProvenanceGuard.Provenance.Prevalence;

/// <summary>
/// Binomial(n, p) draws from an injected <see cref="Random"/>, fast enough for thousands of bootstrap
/// replicates: exact inversion when the variance n*p*(1-p) is small (where the distribution is skewed and
/// discrete), the normal approximation rounded to an integer otherwise (error of order 1/sqrt(variance)).
/// </summary>
public static class BinomialDraw
{
    private const double ExactBelowVariance = 30;

    public static int Sample(Random random, int n, double p)
    {
        if (n <= 0 || p <= 0) return 0;
        if (p >= 1) return n;
        if (p > 0.5) return n - Sample(random, n, 1 - p);
        var variance = n * p * (1 - p);
        if (variance >= ExactBelowVariance)
        {
            var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            return (int)Math.Clamp(Math.Round(n * p + Math.Sqrt(variance) * normal), 0, n);
        }
        // Inversion: walk the cumulative distribution from k = 0 with the pmf's ratio recurrence.
        var u = random.NextDouble();
        var pmf = Math.Exp(n * Math.Log(1 - p));
        var odds = p / (1 - p);
        var k = 0;
        while (u > pmf && k < n)
        {
            u -= pmf;
            pmf *= odds * (n - k) / (k + 1);
            k++;
        }
        return k;
    }
}
