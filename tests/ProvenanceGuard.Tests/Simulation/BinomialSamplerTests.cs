using MathNet.Numerics.Distributions;
using ProvenanceGuard.Simulation;
using Xunit;

namespace ProvenanceGuard.Tests.Simulation;

/// <summary>The binomial draws behind multinomial resampling are exact: right mean, variance and shape.</summary>
public sealed class BinomialSamplerTests
{
    [Theory]
    [InlineData(10, 0.3)]        // inversion
    [InlineData(1000, 0.005)]    // inversion, small mean
    [InlineData(1000, 0.5)]      // BTRD
    [InlineData(100000, 0.001)]  // BTRD, large n
    [InlineData(1000000, 0.3)]   // BTRD, huge mean
    [InlineData(60, 0.97)]       // symmetry
    public void Draws_have_the_binomial_mean_and_variance(int n, double p)
    {
        var rng = new ChainRandom(42, n);
        const int draws = 40000;
        var values = new double[draws];
        for (var i = 0; i < draws; i++)
        {
            var x = rng.NextBinomial(n, p);
            Assert.InRange(x, 0, n);
            values[i] = x;
        }
        MonteCarlo.AssertMeanNear(values, n * p, $"mean of Binomial({n}, {p})");
        var squared = values.Select(v => (v - n * p) * (v - n * p)).ToArray();
        MonteCarlo.AssertMeanNear(squared, n * p * (1 - p), $"variance of Binomial({n}, {p})");
    }

    [Theory]
    [InlineData(30, 0.2)]   // inversion
    [InlineData(400, 0.3)]  // BTRD
    [InlineData(80, 0.45)]  // BTRD near its lower limit
    public void Draws_fit_the_binomial_probabilities(int n, double p)
    {
        var rng = new ChainRandom(7, n);
        const int draws = 200000;
        var counts = new int[n + 1];
        for (var i = 0; i < draws; i++) counts[rng.NextBinomial(n, p)]++;

        // Pearson chi-square over cells with expected count ≥ 5, tails pooled.
        var chi = 0.0;
        var cells = 0;
        double pooledExpected = 0, pooledObserved = 0;
        for (var k = 0; k <= n; k++)
        {
            var expected = draws * Binomial.PMF(p, n, k);
            if (expected < 5)
            {
                pooledExpected += expected;
                pooledObserved += counts[k];
                continue;
            }
            chi += (counts[k] - expected) * (counts[k] - expected) / expected;
            cells++;
        }
        if (pooledExpected > 0)
        {
            chi += (pooledObserved - pooledExpected) * (pooledObserved - pooledExpected) / pooledExpected;
            cells++;
        }
        var critical = ChiSquared.InvCDF(cells - 1, 0.9999);
        Assert.True(chi < critical, $"chi-square {chi:F1} over {cells} cells exceeds {critical:F1}");
    }

    [Fact]
    public void Edge_cases_are_exact()
    {
        var rng = new ChainRandom(1, 0);
        Assert.Equal(0, rng.NextBinomial(0, 0.5));
        Assert.Equal(0, rng.NextBinomial(100, 0));
        Assert.Equal(100, rng.NextBinomial(100, 1));
    }
}
