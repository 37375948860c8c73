using Xunit;
using ProvenanceGuard.Detection.Features;

namespace ProvenanceGuard.Tests.Detection.Features;

public class OrderStatisticsTests
{
    private static readonly int[] Levels = [10, 25, 50, 75, 90];

    private static int[] RanksFor(int n) => Levels.Select(p => (int)(p / 100.0 * (n - 1))).ToArray();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(37)]
    [InlineData(150)]
    [InlineData(2000)]
    public void Gives_exactly_the_values_a_sort_puts_at_each_rank(int n)
    {
        var random = new Random(n);
        for (var trial = 0; trial < 20; trial++)
        {
            // Surprisal-like values, with ties and values beyond the last bucket mixed in.
            var values = Enumerable.Range(0, n).Select(_ => random.Next(4) switch
            {
                0 => Math.Round(random.NextDouble() * 20, 1),
                1 => random.NextDouble() * 60,
                _ => random.NextDouble() * 12,
            }).ToArray();
            var ranks = RanksFor(n);
            var result = new double[ranks.Length];
            OrderStatistics.Select(values, ranks, result);
            var sorted = values.Order().ToArray();
            Assert.Equal(ranks.Select(r => sorted[r]), result);
        }
    }

    [Fact]
    public void Leaves_the_input_untouched_and_handles_all_equal_and_negative_values()
    {
        double[] values = [3, 3, 3, 3, -1, -2, 3, 3];
        var copy = values.ToArray();
        var result = new double[3];
        OrderStatistics.Select(values, [0, 1, 7], result);
        Assert.Equal([-2.0, -1.0, 3.0], result);
        Assert.Equal(copy, values);
    }

    [Fact]
    public void No_ranks_ask_nothing_and_a_rank_among_no_values_is_refused()
    {
        OrderStatistics.Select([], [], []);
        Assert.Throws<ArgumentException>(() => OrderStatistics.Select([], [0], new double[1]));
    }
}
