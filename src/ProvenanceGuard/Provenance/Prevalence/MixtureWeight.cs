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

    private static double Slope(double share, ReadOnlySpan<double> counts, ReadOnlySpan<double> machine, ReadOnlySpan<double> human)
    {
        double slope = 0;
        for (var b = 0; b < counts.Length; b++)
            if (counts[b] > 0) slope += counts[b] * (machine[b] - human[b]) / (share * machine[b] + (1 - share) * human[b]);
        return slope;
    }
}
