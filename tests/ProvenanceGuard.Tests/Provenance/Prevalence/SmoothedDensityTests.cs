using ProvenanceGuard.Provenance.Prevalence;

namespace ProvenanceGuard.Tests.Provenance.Prevalence;

public class SmoothedDensityTests
{
    [Fact]
    public void A_density_is_positive_everywhere_sums_to_one_and_keeps_the_samples_mean()
    {
        var bins = LlrBins.Default;
        var counts = new double[bins.Total];
        counts[bins.Index(-1)] = 30;
        counts[bins.Index(0.5)] = 50;
        counts[bins.Index(2)] = 20;
        var density = new double[bins.Total];

        SmoothedDensity.Estimate(counts, bins, 0.75, density);

        Assert.All(density, d => Assert.True(d > 0));
        Assert.Equal(1, density.Sum(), 9);
        var sampleMean = Enumerable.Range(0, bins.Total).Sum(b => counts[b] * bins.Centre(b)) / 100;
        Assert.Equal(sampleMean, Enumerable.Range(0, bins.Total).Sum(b => density[b] * bins.Centre(b)), 6);
        // Smoothed: mass leaks into the empty bins between the samples.
        Assert.True(density[bins.Index(1.25)] > 1e-4);
    }

    [Fact]
    public void A_sample_in_one_bin_stays_in_that_bin()
    {
        var bins = LlrBins.Default;
        var counts = new double[bins.Total];
        counts[bins.Index(0)] = 7;
        var density = new double[bins.Total];

        SmoothedDensity.Estimate(counts, bins, 0.75, density);

        Assert.Equal(1, density[bins.Index(0)], 6);
    }
}
