namespace ProvenanceGuard.Provenance.Prevalence;

/// <summary>
/// The maximum-likelihood weight π of the machine component in a two-component mixture with known densities:
/// log L(π) = Σ_b n_b log(π m_b + (1 - π) h_b) over the binned scores. It is concave in π, so its derivative
/// Σ n_b (m_b - h_b) / (π m_b + (1 - π) h_b) falls monotonically and bisection on it finds the maximum in [0, 1]
/// exactly, boundaries included (where the EM iteration of Saerens et al. (2002) converges only slowly).
/// </summary>
public static class MixtureWeight
{
    private const int Iterations = 48;

    public static double MaximumLikelihood(ReadOnlySpan<double> counts, ReadOnlySpan<double> machine, ReadOnlySpan<double> human)
    {
        if (Slope(0, counts, machine, human) <= 0) return 0;
        if (Slope(1, counts, machine, human) >= 0) return 1;
        double low = 0, high = 1;
        for (var i = 0; i < Iterations; i++)
        {
            var mid = 0.5 * (low + high);
            if (Slope(mid, counts, machine, human) > 0) low = mid;
            else high = mid;
        }
        return 0.5 * (low + high);
    }

    /// <summary>
    /// Whether <see cref="MaximumLikelihood"/> of these counts would be above <paramref name="threshold"/>, taking the same
    /// bisection steps but stopping as soon as the bracket lies on one side of it: every bracket holds the final midpoint,
    /// so the answer is the one the full bisection gives, in a handful of steps unless the weight sits at the threshold.
    /// </summary>
    public static bool Above(ReadOnlySpan<double> counts, ReadOnlySpan<double> machine, ReadOnlySpan<double> human, double threshold)
    {
        if (Slope(0, counts, machine, human) <= 0) return 0 > threshold;
        if (Slope(1, counts, machine, human) >= 0) return 1 > threshold;
        double low = 0, high = 1;
        for (var i = 0; i < Iterations; i++)
        {
            if (low > threshold) return true;
            if (high <= threshold) return false;
            var mid = 0.5 * (low + high);
            if (Slope(mid, counts, machine, human) > 0) low = mid;
            else high = mid;
        }
        return 0.5 * (low + high) > threshold;
    }

    private static double Slope(double share, ReadOnlySpan<double> counts, ReadOnlySpan<double> machine, ReadOnlySpan<double> human)
    {
        double slope = 0;
        for (var b = 0; b < counts.Length; b++)
            if (counts[b] > 0) slope += counts[b] * (machine[b] - human[b]) / (share * machine[b] + (1 - share) * human[b]);
        return slope;
    }
}
