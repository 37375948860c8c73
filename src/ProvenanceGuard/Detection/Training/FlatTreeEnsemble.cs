namespace ProvenanceGuard.Detection.Training;

/// <summary>
/// <see cref="BoostedTrees"/> laid out for scoring: every tree's splits and leaves in three flat arrays,
/// non-finite inputs folded to 0 once per text instead of at every node, and a node that did not split
/// turned into "feature 0 &lt;= +infinity" so the walk has no special case. Gives bit-identical margins.
/// </summary>
public sealed class FlatTreeEnsemble
{
    private readonly double _baseMargin;
    private readonly int _depth;
    private readonly int _splits;
    private readonly int _count;
    private readonly int[] _features;
    private readonly double[] _thresholds;
    private readonly double[] _leaves;

    public FlatTreeEnsemble(BoostedTrees trees)
    {
        _baseMargin = trees.BaseMargin;
        _depth = trees.Trees[0].Depth;
        if (trees.Trees.Any(t => t.Depth != _depth)) throw new ArgumentException("All trees of an ensemble must have the same depth.", nameof(trees));
        _splits = RegressionTree.InternalNodes(_depth);
        _count = trees.Trees.Count;
        _features = trees.Trees.SelectMany(t => t.Features).Select(f => Math.Max(f, 0)).ToArray();
        _thresholds = trees.Trees.SelectMany(t => t.Features.Zip(t.Thresholds, (f, x) => f < 0 ? double.PositiveInfinity : x)).ToArray();
        _leaves = trees.Trees.SelectMany(t => t.Leaves).ToArray();
    }

    public double Margin(ReadOnlySpan<double> dense)
    {
        Span<double> x = stackalloc double[dense.Length];
        for (var f = 0; f < dense.Length; f++) x[f] = HistogramBins.Finite(dense[f]);
        var margin = _baseMargin;
        var features = _features;
        var thresholds = _thresholds;
        for (var t = 0; t < _count; t++)
        {
            var offset = t * _splits;
            var node = 0;
            for (var level = 0; level < _depth; level++)
            {
                var k = offset + node;
                node = 2 * node + (x[features[k]] <= thresholds[k] ? 1 : 2);
            }
            margin += _leaves[t * (_splits + 1) + node - _splits];
        }
        return margin;
    }
}
