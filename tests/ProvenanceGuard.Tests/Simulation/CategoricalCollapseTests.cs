using ProvenanceGuard.Simulation;
using ProvenanceGuard.Simulation.Loops;
using ProvenanceGuard.Simulation.Models;
using Xunit;

namespace ProvenanceGuard.Tests.Simulation;

/// <summary>
/// Refitting a categorical distribution by counts is Wright–Fisher resampling: a category at
/// count k of M is lost in one generation with probability (1 - k/M)^M, eventually takes over
/// with probability equal to its initial frequency, and heterozygosity falls as (1 - 1/M)^n H_0.
/// </summary>
public sealed class CategoricalCollapseTests
{
    private static GenerationMix Replace(int m) => new(0, m, false);

    [Theory]
    [InlineData(50, 1)]
    [InlineData(50, 3)]
    [InlineData(200, 2)]
    public void A_category_at_count_k_is_lost_in_one_generation_with_probability_one_minus_k_over_M_to_the_M(int m, int k)
    {
        // Category 0 holds k of M; the rest is spread over four other categories.
        var rest = (m - k) / 4.0;
        var model = new CategoricalModel([k, rest, rest, rest, rest], new CategoricalModelOptions());
        const int chains = 20000;
        var lost = 0;
        for (var c = 0; c < chains; c++)
        {
            var chain = model.StartChain(new ChainRandom(11, c), m);
            chain.Advance(Replace(m));
            if (chain.Probability(0) == 0) lost++;
        }
        MonteCarlo.AssertFrequencyNear(lost, chains, Math.Pow(1 - (double)k / m, m), $"P(lose count {k} of {m})");
    }

    [Fact]
    public void A_category_takes_over_with_probability_equal_to_its_initial_frequency()
    {
        const int m = 20, chains = 4000;
        var model = new CategoricalModel([0.25, 0.35, 0.40], new CategoricalModelOptions());
        var fixedZero = 0;
        Span<double> metrics = stackalloc double[model.Metrics.Count];
        var heterozygosity = model.Metrics.ToList().IndexOf("heterozygosity");
        for (var c = 0; c < chains; c++)
        {
            var chain = model.StartChain(new ChainRandom(5, c), m);
            var generations = 0;
            do
            {
                chain.Advance(Replace(m));
                chain.Measure(metrics);
            } while (metrics[heterozygosity] > 0 && ++generations < 5000);
            Assert.True(metrics[heterozygosity] == 0, $"chain {c} had not fixed after 5000 generations");
            if (chain.Probability(0) == 1) fixedZero++;
        }
        MonteCarlo.AssertFrequencyNear(fixedZero, chains, 0.25, "P(category at 25% takes over)");
    }

    private static SimulationRun RunZipf(int categories, int m, double smoothing, LoopKind loop, int generations, int chains, long seed) =>
        new CollapseSimulator().Run(
            CategoricalModel.Zipf(categories, 1.0, new CategoricalModelOptions(smoothing)),
            new TrainingLoop(loop, m),
            new SimulationSettings(generations, chains, seed));

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(30)]
    public void Heterozygosity_decays_as_one_minus_one_over_M_per_generation(int n)
    {
        const int m = 30;
        var run = RunZipf(10, m, 0, LoopKind.Replace, 30, 5000, seed: 99);
        var h0 = run.At(0)[0, "heterozygosity"];
        MonteCarlo.AssertMeanNear(run.At(n).Column("heterozygosity"), Math.Pow(1 - 1.0 / m, n) * h0, $"E[H_{n}]");
    }

    [Fact]
    public void Smoothing_breaks_the_heterozygosity_law()
    {
        const int m = 30;
        var run = RunZipf(10, m, 1.0, LoopKind.Replace, 30, 5000, seed: 99);
        var h0 = run.At(0)[0, "heterozygosity"];
        MonteCarlo.AssertMeanFar(run.At(30).Column("heterozygosity"), Math.Pow(1 - 1.0 / m, 30) * h0, "smoothed H_30 against (1-1/M)^n H_0");
    }

    [Fact]
    public void Extinction_is_permanent_and_the_tail_shrinks_when_data_are_replaced()
    {
        var run = RunZipf(2000, 5000, 0, LoopKind.Replace, 15, 20, seed: 3);
        for (var c = 0; c < run.Chains; c++)
        {
            for (var g = 1; g <= run.Generations; g++)
            {
                Assert.True(run.At(g)[c, "extinct_categories"] >= run.At(g - 1)[c, "extinct_categories"], $"chain {c}: a category came back at generation {g}");
                Assert.True(run.At(g)[c, "tail_mass_kept"] <= run.At(g - 1)[c, "tail_mass_kept"] + 1e-12);
            }
        }
        Assert.Equal(1.0, run.At(0)[0, "tail_mass_kept"], 12);
        Assert.True(run.At(15)[0, "tail_mass_kept"] < 0.8);
    }

    [Fact]
    public void Accumulating_data_keeps_more_of_the_tail_than_replacing_it()
    {
        var replace = SimulationSummary.From(RunZipf(2000, 5000, 0, LoopKind.Replace, 15, 20, seed: 3));
        var accumulate = SimulationSummary.From(RunZipf(2000, 5000, 0, LoopKind.Accumulate, 15, 20, seed: 3));
        Assert.True(accumulate.Generations[15].Get("median_tail_mass_kept") > replace.Generations[15].Get("median_tail_mass_kept") + 0.1);
        Assert.True(accumulate.Generations[15].Get("median_kl_to_truth") < replace.Generations[15].Get("median_kl_to_truth"));
    }
}
