using ProvenanceGuard.Simulation;
using ProvenanceGuard.Simulation.Loops;
using ProvenanceGuard.Simulation.Models;
using Xunit;

namespace ProvenanceGuard.Tests.Simulation;

/// <summary>Loops differ in what they feed the next model; the more real data, the less collapse.</summary>
public sealed class TrainingLoopTests
{
    [Fact]
    public void Mixes_follow_the_loop_definitions()
    {
        var rng = new ChainRandom(1, 0);
        Assert.Equal(new GenerationMix(0, 100, false), new TrainingLoop(LoopKind.Replace, 100).MixFor(3, rng));
        Assert.Equal(new GenerationMix(0, 100, true), new TrainingLoop(LoopKind.Accumulate, 100).MixFor(3, rng));
        Assert.Equal(new GenerationMix(25, 75, false), new TrainingLoop(LoopKind.FreshMix, 100, FreshRealFraction: 0.25).MixFor(3, rng));
        // Generation 1 is always fit on the truth's own sample: the real data.
        Assert.Equal(new GenerationMix(0, 100, false), new TrainingLoop(LoopKind.FreshMix, 100, FreshRealFraction: 0.25).MixFor(1, rng));
    }

    [Fact]
    public void Policy_loop_draws_its_synthetic_share_per_generation()
    {
        var loop = new TrainingLoop(LoopKind.Policy, 1000, SyntheticShare: 0.2);
        var rng = new ChainRandom(2, 0);
        var synthetic = Enumerable.Range(0, 2000).Select(_ => (double)loop.MixFor(2, rng).Synthetic).ToArray();
        MonteCarlo.AssertMeanNear(synthetic, 200, "synthetic records per generation");
        Assert.All(synthetic, s => Assert.InRange(s, 0, 1000));
    }

    private static double MedianAt(SimulationRequest request, string column)
    {
        var report = SimulationRunner.Execute(request);
        return report.Summary.Generations[request.Generations].Get(column)!.Value;
    }

    [Fact]
    public void A_good_detector_under_a_quota_keeps_more_of_the_zipf_tail_than_no_detector()
    {
        var policy = new SimulationPolicy(0.1, 0.5, null, new Dictionary<string, double>());
        SimulationRequest Request(DetectorOperatingPoint detector) => new()
        {
            Model = "zipf", Loop = "policy", Generations = 10, Chains = 16, Seed = 4, Samples = 5000,
            Policy = policy, Detector = detector, PoolSyntheticShare = 0.8,
            ModelSettings = new ModelSettings { Categories = 2000 },
        };
        var none = MedianAt(Request(DetectorOperatingPoint.None), "median_tail_mass_kept");
        var good = MedianAt(Request(DetectorOperatingPoint.Create(0.95, 0.01, "test")), "median_tail_mass_kept");
        Assert.True(good > none + 0.1, $"tail kept with detector {good:G3} vs without {none:G3}");
    }

    [Fact]
    public void Gaussian_mixture_refit_on_its_own_samples_drifts_while_fresh_data_hold_it()
    {
        SimulationRequest Request(string loop) => new()
        {
            Model = "gmm", Loop = loop, Generations = 30, Chains = 24, Seed = 8, Samples = 60, FreshRealFraction = 1.0,
        };
        var replaceW1 = MedianAt(Request("replace"), "median_w1");
        var freshW1 = MedianAt(Request("fresh"), "median_w1");
        Assert.True(replaceW1 > 2 * freshW1, $"median W1 after 30 generations: replace {replaceW1:G3}, fresh {freshW1:G3}");
    }
}
