using ProvenanceGuard.Provenance.Prevalence;
using ProvenanceGuard.Tests.Curation;
using ProvenanceGuard.Tests.Support;

namespace ProvenanceGuard.Tests.Provenance.Prevalence;

/// <summary>
/// The quota's decision (<see cref="MixtureUpperBound.Exceeds"/>) stops drawing replicates once the answer is settled; it
/// must be exactly <c>Upper(counts) &gt; limit</c>, whatever the limit, so that the faster curator keeps what the slower
/// one kept and the gate agrees with both.
/// </summary>
public sealed class MixtureUpperBoundTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly MixtureUpperBound _bound;

    public MixtureUpperBoundTests()
    {
        var card = SyntheticCalibration.WriteCard(_folder.Path);
        var root = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(card))!.AsObject();
        _bound = new MixtureUpperBound(ScoreHistograms.FromModelCard(root, card)!, new MixtureOptions { Replicates = 1000, Confidence = 0.95 }, seed: 7);
    }

    public void Dispose() => _folder.Dispose();

    /// <summary>Counts per bin of <paramref name="n"/> records at a machine share, the highest bins cut off above <paramref name="maxLlr"/>.</summary>
    private int[] Window(int n, double share, int seed, double maxLlr = double.PositiveInfinity)
    {
        var random = new Random(seed);
        var counts = new int[_bound.Bins.Total];
        for (var i = 0; i < n; i++)
        {
            var llr = random.NextDouble() < share ? SyntheticCalibration.MachineLlr(random) : SyntheticCalibration.HumanLlr(random);
            if (llr <= maxLlr) counts[_bound.Bins.Index(llr)]++;
        }
        return counts;
    }

    [Fact]
    public void The_decision_is_exactly_whether_the_full_bound_is_above_the_limit()
    {
        var checkedLimits = 0;
        foreach (var (n, share, cut) in new[] { (1000, 0.3, 99.0), (1000, 0.3, 1.5), (1000, 0.3, -1.0), (200, 0.05, 99.0), (5000, 0.5, 0.0), (30, 0.2, 99.0) })
        {
            var counts = Window(n, share, seed: n + (int)(share * 100), maxLlr: cut);
            var upper = _bound.Upper(counts);
            // Limits far from the bound, near it, and at it to the last bit (where the early stop cannot settle the answer
            // and the full bound decides).
            foreach (var limit in new[] { 0.0, 0.01, 0.1, 0.5, 0.99, upper - 0.02, upper - 1e-6, Math.BitDecrement(upper), upper, Math.BitIncrement(upper), upper + 1e-6, upper + 0.02 })
            {
                if (limit < 0) continue;
                Assert.True(_bound.Exceeds(counts, limit) == upper > limit, $"n {n}, share {share}, cut {cut}: bound {upper:R}, limit {limit:R}");
                checkedLimits++;
            }
        }
        Assert.True(checkedLimits > 60);
    }

    [Fact]
    public void An_empty_set_never_exceeds_a_limit()
    {
        var empty = new int[_bound.Bins.Total];
        Assert.Equal(0, _bound.Upper(empty));
        Assert.False(_bound.Exceeds(empty, 0));
    }

    [Fact]
    public void The_bound_is_the_same_for_the_same_counts_and_seed()
    {
        var counts = Window(1500, 0.2, seed: 3);
        Assert.Equal(_bound.Upper(counts), _bound.Upper(counts));
        var card = Directory.GetFiles(_folder.Path).Single();
        var again = new MixtureUpperBound(ScoreHistograms.FromModelCard(System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(card))!.AsObject(), card)!,
            new MixtureOptions { Replicates = 1000, Confidence = 0.95 }, seed: 7);
        Assert.Equal(_bound.Upper(counts), again.Upper(counts));
        Assert.InRange(_bound.Upper(counts), _bound.Share(counts), 1);
    }
}
