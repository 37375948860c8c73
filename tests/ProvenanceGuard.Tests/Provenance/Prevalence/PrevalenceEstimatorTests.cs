using ProvenanceGuard.Provenance.Prevalence;

namespace ProvenanceGuard.Tests.Provenance.Prevalence;

public class PrevalenceEstimatorTests
{
    private const double TrueTpr = 0.9, TrueFpr = 0.05;
    private const int CalibrationTexts = 1000, Records = 5000, Draws = 300;

    [Fact]
    public void Rogan_gladen_inverts_the_flagged_share_and_clips_to_zero_one()
    {
        // 20% synthetic: flagged = 0.2*0.9 + 0.8*0.05 = 0.22.
        Assert.Equal(0.2, RoganGladen.Share(0.22, TrueTpr, TrueFpr), 12);
        Assert.Equal(0.0, RoganGladen.Share(0.01, TrueTpr, TrueFpr));
        Assert.Equal(1.0, RoganGladen.Share(0.97, TrueTpr, TrueFpr));
    }

    [Theory]
    [InlineData(0.01)]
    [InlineData(0.05)]
    [InlineData(0.20)]
    [InlineData(0.50)]
    public void The_95_percent_interval_covers_the_true_share_at_least_90_percent_of_the_time(double trueShare)
    {
        // Each draw: a detector calibrated on 1,000 machine and 1,000 human texts (measured TPR/FPR scatter around
        // the truth), then a mixture of 5,000 records with the known share, flagged with the detector's true rates.
        var world = new Random(11 + (int)(trueShare * 1000));
        var estimator = new PrevalenceEstimator(new PrevalenceOptions { Replicates = 1000 });
        int covered = 0, withinTwoPoints = 0;
        var widths = new List<double>();
        for (var draw = 0; draw < Draws; draw++)
        {
            var rates = new DetectorErrorRates(
                (double)BinomialDraw.Sample(world, CalibrationTexts, TrueTpr) / CalibrationTexts,
                (double)BinomialDraw.Sample(world, CalibrationTexts, TrueFpr) / CalibrationTexts,
                CalibrationTexts, CalibrationTexts);
            var synthetic = BinomialDraw.Sample(world, Records, trueShare);
            var flagged = BinomialDraw.Sample(world, synthetic, TrueTpr) + BinomialDraw.Sample(world, Records - synthetic, TrueFpr);

            var estimate = estimator.Estimate(Records, flagged, rates, new Random(draw));

            if (estimate.CiLow <= trueShare && trueShare <= estimate.CiHigh) covered++;
            if (Math.Abs(estimate.Share - trueShare) <= 0.02) withinTwoPoints++;
            widths.Add(estimate.CiHigh - estimate.CiLow);
        }
        Assert.True(covered >= 0.90 * Draws, $"covered {covered} of {Draws}");
        Assert.True(withinTwoPoints >= 0.85 * Draws, $"within 2 points {withinTwoPoints} of {Draws}");
        // Coverage must not come from uselessly wide intervals.
        Assert.True(widths.Average() < 0.06, $"mean width {widths.Average():0.000}");
    }

    [Fact]
    public void Known_error_rates_give_a_narrower_interval_than_measured_ones()
    {
        var estimator = new PrevalenceEstimator();
        var known = estimator.Estimate(Records, 1100, new DetectorErrorRates(TrueTpr, TrueFpr), new Random(1));
        var measured = estimator.Estimate(Records, 1100, new DetectorErrorRates(TrueTpr, TrueFpr, 200, 200), new Random(1));

        Assert.Equal(0.2, known.Share, 12);
        Assert.Equal(known.Share, measured.Share);
        Assert.True(measured.CiHigh - measured.CiLow > 1.5 * (known.CiHigh - known.CiLow),
            $"known [{known.CiLow:0.000}, {known.CiHigh:0.000}], measured [{measured.CiLow:0.000}, {measured.CiHigh:0.000}]");
    }

    [Fact]
    public void The_same_seed_gives_the_same_interval()
    {
        var estimator = new PrevalenceEstimator();
        var rates = new DetectorErrorRates(0.8, 0.1, 300, 300);
        Assert.Equal(estimator.Estimate(800, 150, rates, new Random(4)), estimator.Estimate(800, 150, rates, new Random(4)));
    }

    [Theory]
    [InlineData(0.5, 0.5)]
    [InlineData(1.2, 0.1)]
    [InlineData(0.9, -0.1)]
    public void An_uninformative_or_impossible_detector_is_a_configuration_error(double tpr, double fpr) =>
        Assert.Throws<ConfigurationException>(() => new PrevalenceEstimator().Estimate(100, 10, new DetectorErrorRates(tpr, fpr), new Random(0)));

    [Theory]
    [InlineData(40, 0.02)]
    [InlineData(5000, 0.3)]
    [InlineData(200, 0.97)]
    public void Binomial_draws_have_the_binomial_mean_and_variance(int n, double p)
    {
        var random = new Random(9);
        var draws = Enumerable.Range(0, 20_000).Select(_ => (double)BinomialDraw.Sample(random, n, p)).ToList();
        var mean = draws.Average();
        var variance = draws.Sum(d => (d - mean) * (d - mean)) / (draws.Count - 1);
        Assert.InRange(mean, n * p - 4 * Math.Sqrt(n * p * (1 - p) / 20_000), n * p + 4 * Math.Sqrt(n * p * (1 - p) / 20_000));
        Assert.InRange(variance / (n * p * (1 - p)), 0.93, 1.07);
    }
}
