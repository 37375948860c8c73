using ProvenanceGuard.Provenance.Prevalence;

namespace ProvenanceGuard.Tests.Provenance.Prevalence;

public class LlrBinsTests
{
    [Fact]
    public void Every_score_has_a_bin_with_open_tails_on_both_sides()
    {
        var bins = new LlrBins(-1, 0.5, 4); // [-1, -0.5), [-0.5, 0), [0, 0.5), [0.5, 1)

        Assert.Equal(6, bins.Total);
        Assert.Equal(0, bins.Index(-1e9));
        Assert.Equal(0, bins.Index(-1.0001));
        Assert.Equal(1, bins.Index(-1));
        Assert.Equal(2, bins.Index(-0.5));
        Assert.Equal(4, bins.Index(0.9999));
        Assert.Equal(5, bins.Index(1));
        Assert.Equal(5, bins.Index(double.PositiveInfinity));
        Assert.Equal(0, bins.Index(double.NegativeInfinity));
        Assert.Throws<ArgumentOutOfRangeException>(() => bins.Index(double.NaN));
    }

    [Fact]
    public void Bins_that_cannot_hold_a_score_are_a_configuration_error()
    {
        Assert.Throws<ConfigurationException>(() => new LlrBins(0, 0, 10).Validated());
        Assert.Throws<ConfigurationException>(() => new LlrBins(double.NaN, 0.1, 10).Validated());
        Assert.Throws<ConfigurationException>(() => new LlrBins(0, 0.1, 0).Validated());
    }
}
