using ProvenanceGuard.Simulation;
using ProvenanceGuard.Simulation.Loops;
using ProvenanceGuard.Simulation.Models;
using Xunit;

namespace ProvenanceGuard.Tests.Simulation;

/// <summary>
/// Linear regression refit on its own labels reproduces Gerstgrasser et al. (2024): with d
/// features, T samples and noise σ², replacing data gives test error σ² d n / (T-d-1) after n
/// fits, accumulating gives σ² d/(T-d-1) Σ_{i≤n} 1/i², never more than π²/6 times one fit.
/// </summary>
public sealed class RegressionCollapseTests
{
    private const int D = 5, T = 20, Chains = 4000, Generations = 10;
    private const double Noise = 0.5;
    private static readonly double OneFit = Noise * D / (T - D - 1.0);

    private static SimulationRun Run(LoopKind loop) => new CollapseSimulator().Run(
        new LinearRegressionModel(new LinearRegressionOptions(D, Noise)),
        new TrainingLoop(loop, T),
        new SimulationSettings(Generations, Chains, Seed: 2024));

    private static readonly Lazy<SimulationRun> Replace = new(() => Run(LoopKind.Replace));
    private static readonly Lazy<SimulationRun> Accumulate = new(() => Run(LoopKind.Accumulate));

    private static double AccumulateLaw(int n) => OneFit * Enumerable.Range(1, n).Sum(i => 1.0 / ((double)i * i));

    [Fact]
    public void Generation_zero_is_the_truth()
    {
        Assert.All(Replace.Value.At(0).Column("test_error"), e => Assert.Equal(0, e));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(10)]
    public void Replacing_data_grows_error_linearly(int n)
    {
        MonteCarlo.AssertMeanNear(Replace.Value.At(n).Column("test_error"), OneFit * n, $"replace error at n={n}");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(10)]
    public void Accumulating_data_follows_the_inverse_square_sum(int n)
    {
        MonteCarlo.AssertMeanNear(Accumulate.Value.At(n).Column("test_error"), AccumulateLaw(n), $"accumulate error at n={n}");
    }

    [Fact]
    public void Accumulating_error_stays_below_the_pi_squared_over_six_bound()
    {
        var (mean, se) = MonteCarlo.MeanAndError(Accumulate.Value.At(Generations).Column("test_error"));
        Assert.True(mean - 5 * se < OneFit * Math.PI * Math.PI / 6, $"accumulate error {mean:G4} exceeds the π²/6 bound {OneFit * Math.PI * Math.PI / 6:G4}");
        // And the two loops are told apart: replace's error is nowhere near the accumulate law.
        MonteCarlo.AssertMeanFar(Replace.Value.At(Generations).Column("test_error"), AccumulateLaw(Generations), "replace against the accumulate law");
    }
}
