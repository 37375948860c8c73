namespace ProvenanceGuard.Detection.Training;

/// <summary>
/// A complete binary tree of fixed depth over raw dense values, stored breadth-first: internal node n has
/// children 2n+1 and 2n+2; a value &lt;= its threshold goes left. A node that did not split has feature -1
/// and sends everything left. Leaves hold margin contributions (already shrunk).
/// </summary>
public sealed record RegressionTree(int Depth, int[] Features, double[] Thresholds, double[] Leaves)
{
    public static int InternalNodes(int depth) => (1 << depth) - 1;

    public int LeafIndex(ReadOnlySpan<double> dense)
    {
        var node = 0;
        for (var level = 0; level < Depth; level++)
        {
            var f = Features[node];
            var left = f < 0 || HistogramBins.Finite(dense[f]) <= Thresholds[node];
            node = 2 * node + (left ? 1 : 2);
        }
        return node - InternalNodes(Depth);
    }

    public double Value(ReadOnlySpan<double> dense) => Leaves[LeafIndex(dense)];

    public void Validate(int featureCount)
    {
        var internalNodes = InternalNodes(Depth);
        if (Depth is < 1 or > 8 || Features.Length != internalNodes || Thresholds.Length != internalNodes || Leaves.Length != internalNodes + 1)
            throw new InvalidDataException($"A depth-{Depth} tree needs {internalNodes} splits and {internalNodes + 1} leaves.");
        if (Features.Any(f => f < -1 || f >= featureCount)) throw new InvalidDataException($"A tree splits on a feature outside 0..{featureCount - 1}.");
        if (Leaves.Any(v => !double.IsFinite(v)) || Thresholds.Any(double.IsNaN)) throw new InvalidDataException("A tree holds a non-finite value.");
    }
}
