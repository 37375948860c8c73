using Xunit;
using ProvenanceGuard.Detection.Evaluation;
using ProvenanceGuard.Detection.Training;

namespace ProvenanceGuard.Tests.Detection.Training;

public class BoostedTreesTests
{
    // Label = the two features have the same sign (XOR-like): no weighted sum of the features separates it,
    // but two nested splits do. Feature 2 is noise and feature 3 is constant.
    private static (List<double[]> Rows, bool[] Labels) Xor(int count, int seed)
    {
        var random = new Random(seed);
        var rows = new List<double[]>();
        var labels = new bool[count];
        for (var i = 0; i < count; i++)
        {
            var row = new[] { random.NextDouble() * 2 - 1, random.NextDouble() * 2 - 1, random.NextDouble(), 4.0 };
            rows.Add(row);
            labels[i] = row[0] * row[1] > 0;
        }
        return (rows, labels);
    }

    private static readonly bool[] AllActive = [true, true, true, true];

    private static double Auroc(BoostedTrees trees, List<double[]> rows, bool[] labels) =>
        ScoreMetrics.Auroc(rows.Select(r => trees.Margin(r)).ToArray(), labels);

    [Fact]
    public void Depth_two_trees_learn_an_interaction_a_linear_model_cannot()
    {
        var (train, trainLabels) = Xor(800, 1);
        var (test, testLabels) = Xor(800, 2);
        var trees = BoostedTrees.Fit(train, trainLabels, AllActive, new BoostingOptions(Trees: 100, Depth: 2, MinLeafRows: 5));
        Assert.True(Auroc(trees, test, testLabels) > 0.95, $"trees on fresh data: AUROC {Auroc(trees, test, testLabels)}");

        // The same problem for our logistic regression on the raw features: no better than chance.
        var rows = train.Select(r => new SparseRow([1, 2, 3, 4], r.Select(v => (float)v).ToArray())).ToList();
        var weights = LogisticRegression.Fit(rows, trainLabels, 5, new LogisticRegressionOptions());
        var linear = test.Select(r => LogisticRegression.Score(weights, new SparseRow([1, 2, 3, 4], r.Select(v => (float)v).ToArray()))).ToArray();
        Assert.InRange(ScoreMetrics.Auroc(linear, testLabels), 0.4, 0.6);
    }

    [Fact]
    public void Stumps_cannot_learn_the_interaction()
    {
        var (train, trainLabels) = Xor(800, 1);
        var (test, testLabels) = Xor(800, 2);
        var stumps = BoostedTrees.Fit(train, trainLabels, AllActive, new BoostingOptions(Trees: 100, Depth: 1, MinLeafRows: 5));
        Assert.InRange(Auroc(stumps, test, testLabels), 0.35, 0.65);
    }

    [Fact]
    public void Fitting_twice_gives_identical_trees_and_margins()
    {
        var (train, labels) = Xor(500, 3);
        var options = new BoostingOptions(Trees: 30, Depth: 3, MinLeafRows: 5);
        var a = BoostedTrees.Fit(train, labels, AllActive, options);
        var b = BoostedTrees.Fit(train, labels, AllActive, options);
        Assert.Equal(a.Trees.Count, b.Trees.Count);
        for (var t = 0; t < a.Trees.Count; t++)
        {
            Assert.Equal(a.Trees[t].Features, b.Trees[t].Features);
            Assert.Equal(a.Trees[t].Thresholds, b.Trees[t].Thresholds);
            Assert.Equal(a.Trees[t].Leaves, b.Trees[t].Leaves);
        }
        foreach (var row in train) Assert.Equal(BitConverter.DoubleToInt64Bits(a.Margin(row)), BitConverter.DoubleToInt64Bits(b.Margin(row)));
    }

    [Fact]
    public void A_constant_or_inactive_feature_is_never_split_on()
    {
        var (train, labels) = Xor(500, 4);
        var trees = BoostedTrees.Fit(train, labels, [true, false, true, true], new BoostingOptions(Trees: 40, Depth: 3, MinLeafRows: 5));
        var used = trees.Trees.SelectMany(t => t.Features).Where(f => f >= 0).ToHashSet();
        Assert.DoesNotContain(1, used);
        Assert.DoesNotContain(3, used);
        Assert.Contains(0, used);
    }

    [Fact]
    public void Only_constant_features_give_a_constant_margin()
    {
        var rows = Enumerable.Range(0, 100).Select(_ => new[] { 1.0, 2.0 }).ToList();
        var labels = Enumerable.Range(0, 100).Select(i => i % 3 == 0).ToArray();
        var trees = BoostedTrees.Fit(rows, labels, [true, true], new BoostingOptions(Trees: 10, Depth: 2));
        Assert.All(trees.Trees, t => Assert.All(t.Features, f => Assert.Equal(-1, f)));
        // Balanced class weights: the best constant is a likelihood ratio of 1, i.e. margin 0.
        Assert.Equal(0, trees.Margin(rows[0]), 6);
    }

    [Fact]
    public void Split_thresholds_on_raw_values_reproduce_the_binned_training_partition()
    {
        var (train, labels) = Xor(300, 5);
        var bins = HistogramBins.Fit(train, AllActive, 16);
        Assert.Empty(bins.Edges[3]);
        for (var f = 0; f < 3; f++)
            for (var b = 0; b < bins.Edges[f].Length; b++)
                foreach (var row in train)
                    Assert.Equal(bins.Bin(f, row[f]) <= b, row[f] <= bins.Edges[f][b]);

        var options = new BoostingOptions(Trees: 1, Depth: 3, MinLeafRows: 5);
        var grower = new TreeGrower(bins, bins.Encode(train), train.Count, options);
        var leafOf = new int[train.Count];
        var tree = grower.Grow(labels.Select(l => l ? -0.5 : 0.5).ToArray(), Enumerable.Repeat(0.25, train.Count).ToArray(), leafOf);
        for (var i = 0; i < train.Count; i++) Assert.Equal(leafOf[i], tree.LeafIndex(train[i]));
    }

    [Fact]
    public void Non_finite_feature_values_count_as_zero()
    {
        var (train, labels) = Xor(400, 6);
        var trees = BoostedTrees.Fit(train, labels, AllActive, new BoostingOptions(Trees: 20, Depth: 2, MinLeafRows: 5));
        Assert.Equal(trees.Margin([0, 0.5, 0.5, 4]), trees.Margin([double.NaN, 0.5, 0.5, 4]));
        Assert.Equal(trees.Margin([0, 0.5, 0.5, 4]), trees.Margin([double.PositiveInfinity, 0.5, 0.5, 4]));
    }

    [Fact]
    public void Pairwise_trees_lean_less_on_a_topic_that_only_separates_groups()
    {
        // Feature 0 is topic: constant within a group, and topic-A groups were continued more often. Feature 1 is
        // style: machine texts are higher than their own group's human. A pair never differs in topic, so the
        // within-group contrasts pull no split towards it.
        var random = new Random(8);
        var rows = new List<double[]>();
        var labels = new List<bool>();
        var groups = new List<string>();
        for (var g = 0; g < 300; g++)
        {
            var topic = g % 2 == 0 ? 1.0 : -1.0;
            for (var m = -1; m < (topic > 0 ? 6 : 1); m++)
            {
                var machine = m >= 0;
                rows.Add([topic + random.NextDouble() * 0.01, random.NextDouble() * 2 - 1 + (machine ? 0.6 : 0)]);
                labels.Add(machine);
                groups.Add("g" + g);
            }
        }
        var options = new BoostingOptions(Trees: 60, Depth: 2, MinLeafRows: 10);
        double TopicEffect(BoostedTrees trees) => trees.Margin([1.0, 0.0]) - trees.Margin([-1.0, 0.0]);
        double StyleEffect(BoostedTrees trees) => trees.Margin([0.0, 0.8]) - trees.Margin([0.0, -0.8]);

        var single = BoostedTrees.Fit(rows, labels, [true, true], options);
        var paired = BoostedTrees.Fit(rows, labels, [true, true], options, groups, pairedWeight: 0.9);

        Assert.True(TopicEffect(single) > 0.5, $"single-text trees lean on topic: {TopicEffect(single)}");
        Assert.True(TopicEffect(paired) < TopicEffect(single) / 2, $"pairwise trees lean less on topic: {TopicEffect(paired)} against {TopicEffect(single)}");
        Assert.True(StyleEffect(paired) > 0.5, $"pairwise trees keep style: {StyleEffect(paired)}");
    }

    [Theory]
    [InlineData(0, 3, 0.1, 32)]
    [InlineData(10, 0, 0.1, 32)]
    [InlineData(10, 3, 0, 32)]
    [InlineData(10, 3, 0.1, 1)]
    public void Options_out_of_range_are_refused(int trees, int depth, double shrinkage, int bins) =>
        Assert.Throws<ArgumentException>(() => new BoostingOptions(trees, depth, shrinkage, bins).Validate());
}

public class FlatTreeEnsembleTests
{
    [Fact]
    public void The_flat_layout_gives_bit_identical_margins_including_unsplit_nodes_and_non_finite_inputs()
    {
        var random = new Random(7);
        var rows = Enumerable.Range(0, 400).Select(_ => new[] { random.NextDouble() * 2 - 1, random.NextDouble() * 2 - 1, 3.0 }).ToList();
        var labels = rows.Select(r => r[0] * r[1] > 0).ToArray();
        // Depth 4 with 60-row leaves: many nodes cannot split, so the ensemble mixes split and unsplit nodes.
        var trees = BoostedTrees.Fit(rows, labels, [true, true, true], new BoostingOptions(Trees: 25, Depth: 4, MinLeafRows: 60));
        Assert.Contains(trees.Trees.SelectMany(t => t.Features), f => f < 0);
        var flat = new FlatTreeEnsemble(trees);
        var probes = rows.Take(100).Append([double.NaN, 0.3, 3]).Append([double.NegativeInfinity, double.PositiveInfinity, 3]);
        foreach (var row in probes)
            Assert.Equal(BitConverter.DoubleToInt64Bits(trees.Margin(row)), BitConverter.DoubleToInt64Bits(flat.Margin(row)));
    }
}
