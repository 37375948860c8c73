namespace ProvenanceGuard.Provenance.Prevalence;

/// <summary>
/// A class-conditional score density from a binned sample: a Gaussian kernel over the bin centres with a bandwidth of
/// <c>bandwidthScale</c> times Silverman's rule (1.06 σ n^-1/5), which is optimal for a Gaussian and oversmooths skewed
/// densities. A tiny uniform floor keeps every bin's density positive, so no score has likelihood zero under both classes.
/// </summary>
public static class SmoothedDensity
{
    private const double Floor = 1e-9;

    /// <summary>Writes the density of <paramref name="counts"/> (per bin, total > 0) into <paramref name="density"/>, summing to one.</summary>
    public static void Estimate(ReadOnlySpan<double> counts, LlrBins bins, double bandwidthScale, Span<double> density)
    {
        double n = 0, sum = 0, sumSquares = 0;
        for (var b = 0; b < counts.Length; b++)
        {
            if (counts[b] == 0) continue;
            var x = bins.Centre(b);
            n += counts[b]; sum += counts[b] * x; sumSquares += counts[b] * x * x;
        }
        if (!(n > 0)) throw new ArgumentException("a density needs at least one score", nameof(counts));
        var mean = sum / n;
        var sd = Math.Sqrt(Math.Max(0, sumSquares / n - mean * mean));
        var bandwidthInBins = bandwidthScale * 1.06 * sd * Math.Pow(n, -0.2) / bins.Width;

        density.Clear();
        if (bandwidthInBins < 1e-3)
        {
            for (var b = 0; b < counts.Length; b++) density[b] = counts[b];
        }
        else
        {
            var reach = (int)Math.Ceiling(4 * bandwidthInBins);
            Span<double> kernel = reach <= 512 ? stackalloc double[2 * reach + 1] : new double[2 * reach + 1];
            for (var k = -reach; k <= reach; k++) kernel[k + reach] = Math.Exp(-0.5 * (k / bandwidthInBins) * (k / bandwidthInBins));
            for (var b = 0; b < counts.Length; b++)
            {
                if (counts[b] == 0) continue;
                var from = Math.Max(0, b - reach);
                var to = Math.Min(counts.Length - 1, b + reach);
                double mass = 0;
                for (var j = from; j <= to; j++) mass += kernel[j - b + reach];
                // Each score keeps its whole weight: the part of its kernel beyond the outer bins is folded back in.
                var weight = counts[b] / mass;
                for (var j = from; j <= to; j++) density[j] += weight * kernel[j - b + reach];
            }
        }
        double total = 0;
        foreach (var d in density) total += d;
        var floor = Floor / density.Length;
        for (var b = 0; b < density.Length; b++) density[b] = (1 - Floor) * density[b] / total + floor;
    }

    /// <summary>
    /// Smooths both classes' calibration counts into their densities; refuses classes whose densities coincide, which
    /// carry no information about a share.
    /// </summary>
    public static void EstimateClasses(ReadOnlySpan<double> machineCounts, ReadOnlySpan<double> humanCounts, LlrBins bins, double bandwidthScale,
        Span<double> machine, Span<double> human)
    {
        Estimate(machineCounts, bins, bandwidthScale, machine);
        Estimate(humanCounts, bins, bandwidthScale, human);
        double separation = 0;
        for (var b = 0; b < machine.Length; b++) separation += Math.Abs(machine[b] - human[b]);
        if (separation < 1e-9)
            throw new ConfigurationException("the machine and human score distributions of the calibration texts are identical: such a detector carries no information about the share");
    }
}
