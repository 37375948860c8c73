using ProvenanceGuard.Provenance.Prevalence;

namespace ProvenanceGuard.Tests.Provenance.Prevalence;

public class MixtureWeightTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(0.07)]
    [InlineData(0.5)]
    [InlineData(0.93)]
    [InlineData(1.0)]
    public void Counts_in_exact_proportion_to_a_mixture_give_back_its_weight(double share)
    {
        double[] machine = [0.6, 0.3, 0.1];
        double[] human = [0.1, 0.2, 0.7];
        var counts = machine.Select((m, b) => 10_000 * (share * m + (1 - share) * human[b])).ToArray();

        Assert.Equal(share, MixtureWeight.MaximumLikelihood(counts, machine, human), 9);
    }

    [Fact]
    public void Scores_less_machine_like_than_the_human_density_give_zero_not_a_negative_share()
    {
        double[] machine = [0.9, 0.1];
        double[] human = [0.5, 0.5];
        Assert.Equal(0, MixtureWeight.MaximumLikelihood([0, 100], machine, human));
        Assert.Equal(1, MixtureWeight.MaximumLikelihood([100, 0], machine, human));
    }

    [Fact]
    public void Whether_the_weight_is_above_a_threshold_agrees_with_the_weight_itself_to_the_last_bit()
    {
        double[] machine = [0.6, 0.3, 0.1];
        double[] human = [0.1, 0.2, 0.7];
        foreach (var counts in new[] { new double[] { 30, 50, 920 }, [500, 300, 200], [0, 10, 990], [100, 0, 0] })
        {
            var weight = MixtureWeight.MaximumLikelihood(counts, machine, human);
            foreach (var threshold in new[] { 0, 0.05, 0.5, 0.999, weight - 1e-3, Math.BitDecrement(weight), weight, Math.BitIncrement(weight), weight + 1e-3 })
                Assert.True(MixtureWeight.Above(counts, machine, human, threshold) == weight > threshold, $"weight {weight:R}, threshold {threshold:R}");
        }
    }
}
