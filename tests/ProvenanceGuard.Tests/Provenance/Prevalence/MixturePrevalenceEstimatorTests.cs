using ProvenanceGuard.Provenance.Prevalence;

namespace ProvenanceGuard.Tests.Provenance.Prevalence;

public class MixturePrevalenceEstimatorTests
{
    private static readonly LlrBins Bins = LlrBins.Default;
    private static readonly MixtureOptions Fast = new() { Replicates = 400 };

    [Fact]
    public void Recovers_the_weight_of_two_gaussians_from_every_score()
    {
        // Human LLRs ~ N(0, 1), machine ~ N(2, 1), 30% machine. With the densities known, the MLE's standard error at
        // n = 5,000 is 1/sqrt(n * I) = 0.009 (Fisher information I = 2.51, integrated numerically); densities measured on
        // 2,000 + 2,000 calibration texts add about as much again, so 0.04 is more than three standard errors.
        var world = new Random(11);
        var calibration = Calibration(world, 2000, 2000, machineMean: 2);
        var data = Singletons(Mixture(world, 5000, 0.30, machineMean: 2));

        var estimate = new MixturePrevalenceEstimator(Fast).Estimate(data, calibration, Bins, new Random(1));

        Assert.Equal(5000, estimate.N);
        Assert.InRange(estimate.Share, 0.26, 0.34);
        Assert.InRange(estimate.Share, estimate.CiLow, estimate.CiHigh);
        Assert.InRange(estimate.CiHigh - estimate.CiLow, 0.01, 0.12);
    }

    [Fact]
    public void The_interval_covers_the_true_weight_in_most_independent_worlds()
    {
        // At a nominal 95%, 17 or more of 20 worlds covered happens with probability 0.98; a too-narrow interval fails.
        var covered = 0;
        for (var w = 0; w < 20; w++)
        {
            var world = new Random(100 + w);
            var calibration = Calibration(world, 600, 600, machineMean: 1.5);
            var data = Singletons(Mixture(world, 2000, 0.2, machineMean: 1.5));
            var estimate = new MixturePrevalenceEstimator(Fast).Estimate(data, calibration, Bins, new Random(w));
            if (estimate.CiLow <= 0.2 && 0.2 <= estimate.CiHigh) covered++;
        }
        Assert.InRange(covered, 17, 20);
    }

    [Fact]
    public void Records_that_share_a_cluster_widen_the_interval()
    {
        var world = new Random(5);
        var calibration = Calibration(world, 2000, 2000, machineMean: 2);
        var scores = Mixture(world, 300, 0.3, machineMean: 2);
        // The same 300 judgements, each copied ten times: as 3,000 independent records, or as 300 clusters of ten.
        var independent = Singletons(scores.SelectMany(s => Enumerable.Repeat(s, 10)).ToList());
        var clustered = scores.Select(s => (IReadOnlyList<BinCount>)[new BinCount(Bins.Index(s), 10)]).ToList();
        var estimator = new MixturePrevalenceEstimator(Fast);

        var plain = estimator.Estimate(independent, calibration, Bins, new Random(1));
        var byCluster = estimator.Estimate(clustered, calibration, Bins, new Random(1));

        Assert.Equal(plain.Share, byCluster.Share, 12);
        Assert.True(byCluster.CiHigh - byCluster.CiLow > 1.5 * (plain.CiHigh - plain.CiLow),
            $"clustered width {byCluster.CiHigh - byCluster.CiLow} vs independent {plain.CiHigh - plain.CiLow}");
    }

    [Fact]
    public void Calibration_groups_that_share_their_errors_widen_the_interval()
    {
        var world = new Random(6);
        // Many records and few calibration texts, so the calibration's sampling error dominates the interval.
        var data = Singletons(Mixture(world, 20_000, 0.3, machineMean: 2));
        var texts = Calibration(world, 300, 300, machineMean: 2);
        // Every calibration text copied ten times: the copies as groups of their own, or each text's ten copies as one group.
        var copied = texts.Select(g => new ScoreCalibrationGroup(
            g.Machine.Select(c => c with { Count = c.Count * 10 }).ToArray(), g.Human.Select(c => c with { Count = c.Count * 10 }).ToArray())).ToList();
        var singles = texts.SelectMany(g => Enumerable.Repeat(g, 10)).ToList();
        var estimator = new MixturePrevalenceEstimator(Fast);

        var independent = estimator.Estimate(data, singles, Bins, new Random(2));
        var grouped = estimator.Estimate(data, copied, Bins, new Random(2));

        Assert.Equal(independent.Share, grouped.Share, 12);
        Assert.True(grouped.CiHigh - grouped.CiLow > 1.5 * (independent.CiHigh - independent.CiLow),
            $"grouped width {grouped.CiHigh - grouped.CiLow} vs independent {independent.CiHigh - independent.CiLow}");
    }

    [Fact]
    public void A_purely_human_set_is_estimated_near_zero_with_the_interval_reaching_within_a_point_of_zero()
    {
        var world = new Random(7);
        var calibration = Calibration(world, 2000, 2000, machineMean: 2);
        var estimate = new MixturePrevalenceEstimator(Fast).Estimate(Singletons(Mixture(world, 4000, 0, machineMean: 2)), calibration, Bins, new Random(1));

        Assert.InRange(estimate.Share, 0, 0.03);
        Assert.InRange(estimate.CiLow, 0, 0.01);
    }

    [Fact]
    public void A_purely_machine_set_is_estimated_near_one_with_the_interval_reaching_within_a_point_of_one()
    {
        var world = new Random(8);
        var calibration = Calibration(world, 2000, 2000, machineMean: 2);
        var estimate = new MixturePrevalenceEstimator(Fast).Estimate(Singletons(Mixture(world, 4000, 1, machineMean: 2)), calibration, Bins, new Random(1));

        Assert.InRange(estimate.Share, 0.97, 1);
        Assert.InRange(estimate.CiHigh, 0.99, 1);
    }

    [Fact]
    public void Classes_drawn_from_the_same_distribution_give_a_wide_interval_never_nan()
    {
        var world = new Random(9);
        var calibration = Calibration(world, 300, 300, machineMean: 0);
        var estimate = new MixturePrevalenceEstimator(Fast).Estimate(Singletons(Mixture(world, 2000, 0.5, machineMean: 0)), calibration, Bins, new Random(1));

        Assert.False(double.IsNaN(estimate.Share) || double.IsNaN(estimate.CiLow) || double.IsNaN(estimate.CiHigh));
        Assert.True(estimate.CiHigh - estimate.CiLow > 0.5, $"interval [{estimate.CiLow}, {estimate.CiHigh}] claims to know the share");
    }

    [Fact]
    public void Identical_class_histograms_are_a_configuration_error()
    {
        var histogram = new[] { new BinCount(100, 5), new BinCount(110, 5) };
        var calibration = new List<ScoreCalibrationGroup> { new(histogram, histogram) };

        var error = Assert.Throws<ConfigurationException>(() =>
            new MixturePrevalenceEstimator(Fast).Estimate([[new BinCount(100, 3)]], calibration, Bins, new Random(1)));
        Assert.Contains("identical", error.Message);
    }

    [Fact]
    public void Calibration_without_one_of_the_classes_is_a_configuration_error()
    {
        var calibration = new List<ScoreCalibrationGroup> { new([new BinCount(120, 10)], []) };

        var error = Assert.Throws<ConfigurationException>(() =>
            new MixturePrevalenceEstimator(Fast).Estimate([[new BinCount(100, 3)]], calibration, Bins, new Random(1)));
        Assert.Contains("machine and human", error.Message);
    }

    [Fact]
    public void No_records_is_an_error_not_a_share()
    {
        var calibration = Calibration(new Random(1), 50, 50, machineMean: 2);
        Assert.Throws<ArgumentOutOfRangeException>(() => new MixturePrevalenceEstimator(Fast).Estimate([], calibration, Bins, new Random(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MixturePrevalenceEstimator(Fast).Estimate([[]], calibration, Bins, new Random(1)));
    }

    [Fact]
    public void A_bin_outside_the_bins_is_rejected()
    {
        var calibration = Calibration(new Random(1), 50, 50, machineMean: 2);
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            new MixturePrevalenceEstimator(Fast).Estimate([[new BinCount(Bins.Total, 1)]], calibration, Bins, new Random(1)));
    }

    [Fact]
    public void Too_few_replicates_or_a_bad_bandwidth_are_configuration_errors()
    {
        var calibration = Calibration(new Random(1), 50, 50, machineMean: 2);
        IReadOnlyList<IReadOnlyList<BinCount>> data = [[new BinCount(100, 3)]];
        Assert.Throws<ConfigurationException>(() => new MixturePrevalenceEstimator(new MixtureOptions { Replicates = 10 }).Estimate(data, calibration, Bins, new Random(1)));
        Assert.Throws<ConfigurationException>(() => new MixturePrevalenceEstimator(new MixtureOptions { BandwidthScale = 0 }).Estimate(data, calibration, Bins, new Random(1)));
        Assert.Throws<ConfigurationException>(() => new MixturePrevalenceEstimator(Fast).Estimate(data, calibration, new LlrBins(0, -1, 10), new Random(1)));
    }

    [Fact]
    public void The_same_seed_gives_the_same_interval()
    {
        var world = new Random(3);
        var calibration = Calibration(world, 500, 500, machineMean: 2);
        var data = Singletons(Mixture(world, 1000, 0.1, machineMean: 2));
        var estimator = new MixturePrevalenceEstimator(Fast);

        Assert.Equal(estimator.Estimate(data, calibration, Bins, new Random(4)), estimator.Estimate(data, calibration, Bins, new Random(4)));
    }

    /// <summary>Calibration texts as one-text groups: human LLRs ~ N(0, 1), machine ~ N(machineMean, 1).</summary>
    internal static List<ScoreCalibrationGroup> Calibration(Random world, int machine, int human, double machineMean) =>
        ScoreCalibrationGroup.FromScores(
            Enumerable.Range(0, machine).Select(_ => ((string?)null, true, machineMean + Gaussian(world)))
                .Concat(Enumerable.Range(0, human).Select(_ => ((string?)null, false, Gaussian(world)))).ToList(), Bins);

    internal static List<double> Mixture(Random world, int n, double share, double machineMean)
    {
        var synthetic = (int)Math.Round(share * n);
        return Enumerable.Range(0, n).Select(i => (i < synthetic ? machineMean : 0) + Gaussian(world)).ToList();
    }

    internal static List<IReadOnlyList<BinCount>> Singletons(IEnumerable<double> scores) =>
        scores.Select(s => (IReadOnlyList<BinCount>)[new BinCount(Bins.Index(s), 1)]).ToList();

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
