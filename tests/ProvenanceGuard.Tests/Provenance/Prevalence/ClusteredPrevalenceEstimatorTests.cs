using ProvenanceGuard.Provenance.Prevalence;

namespace ProvenanceGuard.Tests.Provenance.Prevalence;

public class ClusteredPrevalenceEstimatorTests
{
    /// <summary>
    /// Calibration groups whose detector rates vary from group to group (each group's texts share one TPR and FPR),
    /// the way texts of one prompt share their errors.
    /// </summary>
    private static List<CalibrationGroup> SharedErrorGroups(Random random, int groups)
    {
        var list = new List<CalibrationGroup>();
        for (var g = 0; g < groups; g++)
        {
            var tpr = random.NextDouble() < 0.5 ? 0.3 : 0.9;
            var fpr = random.NextDouble() < 0.9 ? 0.0 : 0.5;
            list.Add(new CalibrationGroup(5, Count(random, 5, tpr), 3, Count(random, 3, fpr)));
        }
        return list;
    }

    private static int Count(Random random, int n, double p) => Enumerable.Range(0, n).Count(_ => random.NextDouble() < p);

    [Fact]
    public void The_point_estimate_is_the_rogan_gladen_share_with_the_pooled_calibration_rates()
    {
        var calibration = new List<CalibrationGroup> { new(10, 8, 10, 1), new(10, 6, 10, 1) };
        var data = new List<FlagCount> { new(50, 20), new(50, 10) };

        var estimate = new ClusteredPrevalenceEstimator().Estimate(data, calibration, new Random(1));

        Assert.Equal(new DetectorErrorRates(0.7, 0.1, 20, 20), CalibrationGroup.Pool(calibration));
        Assert.Equal(RoganGladen.Share(0.3, 0.7, 0.1), estimate.Share, 12);
        Assert.Equal(100, estimate.N);
        Assert.Equal(30, estimate.Flagged);
        Assert.InRange(estimate.Share, estimate.CiLow, estimate.CiHigh);
    }

    [Fact]
    public void Resampling_whole_groups_widens_the_interval_when_groups_share_their_errors()
    {
        var random = new Random(5);
        var calibration = SharedErrorGroups(random, 200);
        var rates = CalibrationGroup.Pool(calibration);
        var data = Enumerable.Range(0, 1000).Select(i => new FlagCount(5, i % 3 == 0 ? 2 : 0)).ToList();
        var flagged = data.Sum(c => c.Flagged);

        var clustered = new ClusteredPrevalenceEstimator().Estimate(data, calibration, new Random(2));
        var binomial = new PrevalenceEstimator().Estimate(5000, flagged, rates, new Random(2));

        Assert.Equal(binomial.Share, clustered.Share, 12);
        Assert.True(clustered.CiHigh - clustered.CiLow > 1.3 * (binomial.CiHigh - binomial.CiLow),
            $"cluster-aware [{clustered.CiLow}, {clustered.CiHigh}] vs binomial [{binomial.CiLow}, {binomial.CiHigh}]");
    }

    [Fact]
    public void Covers_the_truth_about_95_percent_of_the_time_when_calibration_groups_share_errors()
    {
        // World: 1,000 prompt groups with shared errors; calibration from one random half, the mixture from the other.
        var world = new Random(11);
        var covered = 0;
        const int draws = 120;
        for (var d = 0; d < draws; d++)
        {
            var population = SharedErrorGroups(world, 400);
            var calibration = population.Take(200).ToList();
            var pool = population.Skip(200).ToList();
            // Mixture of 30% synthetic: machine clusters and human clusters from the pool's groups, texts as drawn.
            var data = new List<FlagCount>();
            foreach (var g in pool)
            {
                if (world.NextDouble() < 0.3 / 5 / (0.3 / 5 + 0.7 / 3)) data.Add(new FlagCount(g.Machine, g.MachineFlagged));
                else data.Add(new FlagCount(g.Human, g.HumanFlagged));
            }
            var truth = data.Where(c => c.N == 5).Sum(c => c.N) / (double)data.Sum(c => c.N);
            var estimate = new ClusteredPrevalenceEstimator(new PrevalenceOptions { Replicates = 400 }).Estimate(data, calibration, new Random(d));
            if (estimate.CiLow <= truth && truth <= estimate.CiHigh) covered++;
        }
        Assert.InRange(covered / (double)draws, 0.88, 1.0);
    }

    [Fact]
    public void Calibration_without_human_or_machine_texts_is_a_configuration_error()
    {
        Assert.Throws<ConfigurationException>(() =>
            new ClusteredPrevalenceEstimator().Estimate([new FlagCount(10, 2)], [new CalibrationGroup(5, 4, 0, 0)], new Random(1)));
    }
}
