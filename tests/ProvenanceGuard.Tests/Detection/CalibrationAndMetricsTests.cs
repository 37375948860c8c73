using Xunit;
using ProvenanceGuard.Detection.Evaluation;
using ProvenanceGuard.Detection.Training;

namespace ProvenanceGuard.Tests.Detection;

public class CalibrationAndMetricsTests
{
    [Fact]
    public void Platt_scaling_converges_when_raw_scores_are_widely_spread()
    {
        // Raw scores 40x the true log-odds (an overconfident classifier on a small training set): a plain
        // Newton step from slope 1 overshoots into saturation; the fitted slope must still be about 1/40.
        var random = new Random(5);
        var scores = new List<double>();
        var labels = new List<bool>();
        for (var i = 0; i < 400; i++)
        {
            var logOdds = random.NextDouble() * 4 - 2;
            scores.Add(40 * logOdds);
            labels.Add(random.NextDouble() < 1 / (1 + Math.Exp(-logOdds)));
        }
        var calibrator = PlattCalibrator.Fit(scores, labels);
        Assert.InRange(calibrator.Slope, 0.5 / 40, 2.0 / 40);
        Assert.InRange(calibrator.Intercept, -0.6, 0.6);
    }

    [Fact]
    public void Platt_scaling_recovers_a_known_log_likelihood_ratio()
    {
        // Scores drawn so that the posterior log-odds are 2 * score - 1; the likelihood ratio removes the sample's prior odds.
        var random = new Random(3);
        var scores = new List<double>();
        var labels = new List<bool>();
        for (var i = 0; i < 20000; i++)
        {
            var s = random.NextDouble() * 4 - 2;
            var p = 1 / (1 + Math.Exp(-(2 * s - 1)));
            scores.Add(s);
            labels.Add(random.NextDouble() < p);
        }
        var calibrator = PlattCalibrator.Fit(scores, labels);
        var prevalence = labels.Count(l => l) / (double)labels.Count;
        var expectedIntercept = -1 - Math.Log(prevalence / (1 - prevalence));
        Assert.InRange(calibrator.Slope, 1.8, 2.2);
        Assert.InRange(calibrator.Intercept, expectedIntercept - 0.15, expectedIntercept + 0.15);
        var probabilities = scores.Select(s => PlattCalibrator.Probability(calibrator.LogLikelihoodRatio(s), labels.Count(l => l) / (double)labels.Count)).ToArray();
        Assert.True(ScoreMetrics.ExpectedCalibrationError(probabilities, labels.ToArray()) < 0.03);
    }

    [Fact]
    public void Base_rate_shifts_the_probability_not_the_ratio()
    {
        Assert.Equal(0.5, PlattCalibrator.Probability(0, 0.5), 12);
        Assert.Equal(0.1, PlattCalibrator.Probability(0, 0.1), 12);
        Assert.Equal(0.5, PlattCalibrator.Probability(Math.Log(9), 0.1), 12);
    }

    [Fact]
    public void Auroc_is_one_when_perfect_zero_when_reversed_and_half_on_ties()
    {
        bool[] labels = [false, false, true, true];
        Assert.Equal(1.0, ScoreMetrics.Auroc([0.1, 0.2, 0.8, 0.9], labels));
        Assert.Equal(0.0, ScoreMetrics.Auroc([0.9, 0.8, 0.2, 0.1], labels));
        Assert.Equal(0.5, ScoreMetrics.Auroc([0.5, 0.5, 0.5, 0.5], labels));
        Assert.Equal(0.75, ScoreMetrics.Auroc([0.1, 0.6, 0.5, 0.9], labels));
        Assert.True(double.IsNaN(ScoreMetrics.Auroc([0.1, 0.2], [true, true])));
    }

    [Fact]
    public void Tpr_at_fpr_uses_the_strictest_threshold_that_respects_the_budget()
    {
        // 100 humans at 0..99, 10 machines at 95..104: at 1% FPR one human (99) may pass, threshold = 98.
        var scores = Enumerable.Range(0, 100).Select(i => (double)i).Concat(Enumerable.Range(95, 10).Select(i => (double)i)).ToArray();
        var labels = Enumerable.Repeat(false, 100).Concat(Enumerable.Repeat(true, 10)).ToArray();
        Assert.Equal(0.6, ScoreMetrics.TprAtFpr(scores, labels, 0.01), 12); // 99..104
        Assert.Equal(1.0, ScoreMetrics.TprAtFpr(scores, labels, 0.05), 12); // threshold 94
    }

    [Fact]
    public void Average_precision_of_a_perfect_and_an_interleaved_ranking()
    {
        Assert.Equal(1.0, ScoreMetrics.AveragePrecision([0.9, 0.8, 0.1], [true, true, false]), 12);
        // ranking: pos, neg, pos -> (1/1 + 2/3) / 2
        Assert.Equal((1 + 2 / 3.0) / 2, ScoreMetrics.AveragePrecision([0.9, 0.8, 0.7], [true, false, true]), 12);
    }

    [Fact]
    public void F1_at_a_threshold()
    {
        // predictions > 0.5: [T, T, F, F]; labels [T, F, T, F] -> tp 1, fp 1, fn 1
        Assert.Equal(0.5, ScoreMetrics.F1([0.9, 0.8, 0.2, 0.1], [true, false, true, false], 0.5), 12);
    }
}
