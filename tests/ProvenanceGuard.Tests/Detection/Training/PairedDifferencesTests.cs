using Xunit;
using ProvenanceGuard.Detection.Training;

namespace ProvenanceGuard.Tests.Detection.Training;

public class PairedDifferencesTests
{
    [Fact]
    public void A_difference_merges_both_index_lists_and_drops_what_cancels()
    {
        var machine = new SparseRow([1, 3, 5], [2f, 1f, 4f]);
        var human = new SparseRow([3, 4, 5], [1f, 2f, 1f]);

        var difference = PairedDifferences.Subtract(machine, human);

        Assert.Equal([1, 4, 5], difference.Indices);
        Assert.Equal([2f, -2f, 3f], difference.Values);
    }

    [Fact]
    public void Every_machine_text_is_paired_with_every_human_of_its_group_both_ways_round()
    {
        SparseRow Row(float v) => new([1], [v]);
        var rows = new List<SparseRow> { Row(1), Row(10), Row(20), Row(100), Row(7), Row(8) };
        var labels = new List<bool> { false, true, true, false, true, false };
        // Group a: 1 human, 2 machines; group b: a machine with no human; the last text has no group.
        var groups = new[] { "a", "a", "a", "c", "b", "" };

        var (pairs, pairLabels) = PairedDifferences.Build(rows, labels, groups);

        Assert.Equal(4, pairs.Count);
        Assert.Equal([true, false, true, false], pairLabels);
        Assert.Equal([9f, -9f, 19f, -19f], pairs.Select(p => p.Values.Single()));
    }

    [Fact]
    public void Mixed_weights_give_the_differences_their_share_of_the_loss_and_average_one()
    {
        SparseRow Row(float v) => new([1], [v]);
        var rows = new List<SparseRow> { Row(0), Row(1), Row(2), Row(3), Row(4) };
        var labels = new List<bool> { false, true, true, true, false };
        var groups = new[] { "a", "a", "a", "b", "b" };

        var (mixed, mixedLabels, weights) = PairedDifferences.Mix(rows, labels, groups, pairedWeight: 0.25);

        Assert.Equal(5 + 6, mixed.Count);
        Assert.Equal(mixed.Count, mixedLabels.Count);
        Assert.Equal(1.0, weights.Average(), 12);
        Assert.Equal(0.25, weights.Skip(5).Sum() / weights.Sum(), 12);
        // The single texts stay class-balanced: humans and machines weigh the same in total.
        Assert.Equal(weights.Take(5).Where((_, i) => labels[i]).Sum(), weights.Take(5).Where((_, i) => !labels[i]).Sum(), 12);
    }

    [Fact]
    public void Paired_fitting_ignores_a_topic_that_only_separates_groups()
    {
        // Feature 1 is topic: constant within a group, and the groups that were continued more often are
        // all of one topic. Feature 2 is style: machine texts are higher than their own group's human.
        var random = new Random(5);
        var rows = new List<SparseRow>();
        var labels = new List<bool>();
        var groups = new List<string>();
        for (var g = 0; g < 200; g++)
        {
            var topic = g % 2 == 0 ? 1f : -1f;
            var machines = topic > 0 ? 6 : 1;
            void Add(bool machine)
            {
                var style = (float)(random.NextDouble() * 2 - 1 + (machine ? 0.5 : 0));
                rows.Add(new SparseRow([1, 2], [topic, style]));
                labels.Add(machine);
                groups.Add("g" + g);
            }
            Add(false);
            for (var m = 0; m < machines; m++) Add(true);
        }
        var options = new LogisticRegressionOptions(L2: 1e-4, MaxIterations: 300);

        var single = LogisticRegression.Fit(rows, labels, 3, options);
        var (mixed, mixedLabels, weights) = PairedDifferences.Mix(rows, labels, groups, pairedWeight: 1);
        var paired = LogisticRegression.Fit(mixed, mixedLabels, 3, options, rowWeights: weights);

        Assert.True(single[1] > 0.5, $"single-text fit leans on topic: weight {single[1]}");
        Assert.True(Math.Abs(paired[1]) < 1e-6, $"paired fit gives topic no weight: {paired[1]}");
        Assert.True(paired[2] > 0.5, $"paired fit keeps style: weight {paired[2]}");
    }

    [Fact]
    public void Without_pairs_a_mixed_fit_is_the_single_text_fit_and_a_pairs_only_fit_is_refused()
    {
        var rows = new List<SparseRow> { new([1], [1f]), new([1], [2f]), new([1], [3f]) };
        List<bool> labels = [true, false, true];
        string[] ungrouped = ["a", "b", ""];

        var (mixed, _, weights) = PairedDifferences.Mix(rows, labels, ungrouped, pairedWeight: 0.5);

        Assert.Equal(rows, mixed);
        Assert.Equal([0.75, 1.5, 0.75], weights);
        Assert.Throws<InvalidDataException>(() => PairedDifferences.Mix(rows, labels, ungrouped, pairedWeight: 1));
    }
}
