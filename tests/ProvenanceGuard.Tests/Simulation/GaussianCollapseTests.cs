using MathNet.Numerics;
using ProvenanceGuard.Simulation;
using ProvenanceGuard.Simulation.Loops;
using ProvenanceGuard.Simulation.Models;
using Xunit;

namespace ProvenanceGuard.Tests.Simulation;

/// <summary>
/// The Gaussian refit loop reproduces Shumailov et al. (2024): with M samples per generation the
/// unbiased loop keeps E[σ_n²] = σ² and makes Var(X^n) = σ²(1 + n/M) while the median σ_n² falls;
/// the biased loop shrinks E[σ_n²] as ((M-1)/M)^n.
/// </summary>
public sealed class GaussianCollapseTests
{
    private const int M = 20;
    private const int Chains = 4000;
    private const int Generations = 20;

    private static SimulationRun Run(bool biased, LoopKind loop = LoopKind.Replace, int dimensions = 1) =>
        new CollapseSimulator().Run(
            new GaussianModel(new GaussianModelOptions(dimensions, 0, 1, biased)),
            new TrainingLoop(loop, M),
            new SimulationSettings(Generations, Chains, Seed: 20240724));

    private static readonly Lazy<SimulationRun> Unbiased = new(() => Run(false));
    private static readonly Lazy<SimulationRun> Biased = new(() => Run(true));

    // Per chain, the mean squared deviation of generation n's sample from the true mean: its
    // expectation is Var(X^n), and chains are independent, so the chains give the standard error.
    private static double[] SampleSecondMoments(SimulationRun run, int generation)
    {
        var at = run.At(generation);
        return Enumerable.Range(0, run.Chains).Select(c => at[c, "_sumsq0"] / M).ToArray();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(20)]
    public void Unbiased_sample_variance_grows_as_one_plus_n_over_M(int n)
    {
        MonteCarlo.AssertMeanNear(SampleSecondMoments(Unbiased.Value, n), 1.0 + (double)n / M, $"Var(X^{n})");
    }

    [Fact]
    public void Pooled_sample_variance_in_the_summary_follows_the_same_law()
    {
        var summary = SimulationSummary.From(Unbiased.Value);
        var values = SampleSecondMoments(Unbiased.Value, Generations);
        var (_, se) = MonteCarlo.MeanAndError(values);
        var pooled = summary.Generations[Generations].Get("pooled_sample_variance")!.Value;
        Assert.InRange(pooled, 2.0 - 5 * se, 2.0 + 5 * se);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(20)]
    public void Unbiased_expected_sigma2_stays_at_the_truth(int n)
    {
        MonteCarlo.AssertMeanNear(Unbiased.Value.At(n).Column("sigma2"), 1.0, $"E[σ_{n}²]");
    }

    [Fact]
    public void Unbiased_median_sigma2_falls_as_log_sigma2_drifts_by_about_minus_one_over_M_minus_1()
    {
        // log σ_n² is a sum of n independent log(χ²_{M-1}/(M-1)) terms, each with mean ψ((M-1)/2) + ln(2/(M-1)) ≈ -1/(M-1).
        var perGeneration = SpecialFunctions.DiGamma((M - 1) / 2.0) + Math.Log(2.0 / (M - 1));
        Assert.InRange(perGeneration, -1.1 / (M - 1), -0.95 / (M - 1));
        MonteCarlo.AssertMeanNear(Unbiased.Value.At(Generations).Column("log_sigma2_ratio"), Generations * perGeneration, "E[log σ_n²]");

        var summary = SimulationSummary.From(Unbiased.Value);
        var median = summary.Generations[Generations].Get("median_sigma2")!.Value;
        Assert.True(median < 0.6, $"median σ_{Generations}² = {median:G4} should have fallen well below σ² = 1 (≈ e^{Generations * perGeneration:F2})");
        Assert.True(summary.Generations[Generations].Get("mean_sigma2") > 0.9);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(20)]
    public void Biased_expected_sigma2_shrinks_geometrically(int n)
    {
        MonteCarlo.AssertMeanNear(Biased.Value.At(n).Column("sigma2"), Math.Pow((M - 1.0) / M, n), $"biased E[σ_{n}²]");
    }

    [Fact]
    public void The_unbiased_laws_reject_the_biased_estimator()
    {
        MonteCarlo.AssertMeanFar(Biased.Value.At(Generations).Column("sigma2"), 1.0, "biased σ² against the unbiased law");
        MonteCarlo.AssertMeanFar(SampleSecondMoments(Biased.Value, Generations), 1.0 + (double)Generations / M, "biased Var(X^n) against 1 + n/M");
    }

    [Fact]
    public void One_dimensional_w2_is_the_distance_between_means_and_standard_deviations()
    {
        var at = Unbiased.Value.At(7);
        for (var c = 0; c < 50; c++)
        {
            var expected = Math.Sqrt(Math.Pow(at[c, "mean_drift"], 2) + Math.Pow(Math.Sqrt(at[c, "sigma2"]) - 1, 2));
            Assert.Equal(expected, at[c, "w2"], 9);
        }
    }

    [Fact]
    public void Multivariate_unbiased_refit_keeps_expected_average_variance()
    {
        var run = new CollapseSimulator().Run(
            new GaussianModel(new GaussianModelOptions(3, 0, 1, false)),
            new TrainingLoop(LoopKind.Replace, M),
            new SimulationSettings(10, 2000, Seed: 7));
        MonteCarlo.AssertMeanNear(run.At(10).Column("sigma2"), 1.0, "E[tr Σ_n / d]");
        Assert.All(run.At(0).Column("w2"), w => Assert.Equal(0, w, 9));
        Assert.True(SimulationSummary.From(run).Generations[10].Get("median_w2") > 0.1);
    }

    [Fact]
    public void Accumulating_data_keeps_the_median_variance_close_to_the_truth()
    {
        var replace = SimulationSummary.From(Unbiased.Value).Generations[Generations].Get("median_sigma2")!.Value;
        var accumulate = SimulationSummary.From(Run(false, LoopKind.Accumulate)).Generations[Generations].Get("median_sigma2")!.Value;
        Assert.True(accumulate > 0.85 && accumulate > replace + 0.2, $"accumulate median σ² {accumulate:G4} vs replace {replace:G4}");
    }
}
