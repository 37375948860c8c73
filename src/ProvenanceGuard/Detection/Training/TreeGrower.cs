namespace ProvenanceGuard.Detection.Training;

/// <summary>
/// Grows one depth-limited regression tree on binned features by second-order (Newton) gain: level by level,
/// each node's gradient and hessian histograms are summed per feature and bin, and the node splits at the
/// bin edge with the largest gain, if any split leaves enough rows on both sides. Deterministic: ties keep
/// the lowest feature and bin.
/// </summary>
public sealed class TreeGrower(HistogramBins bins, byte[] codes, int rowCount, BoostingOptions options)
{
    private readonly int _features = bins.FeatureCount;
    private readonly int _width = Math.Max(1, bins.Edges.Max(e => e.Length + 1));
    // Features with a single bin (constant or inactive) can never split; histograms skip them.
    private readonly int[] _splittable = Enumerable.Range(0, bins.FeatureCount).Where(f => bins.Edges[f].Length > 0).ToArray();

    /// <summary>Grows a tree for the given gradients and hessians; <paramref name="leafOf"/> receives each row's leaf.</summary>
    public RegressionTree Grow(double[] gradients, double[] hessians, int[] leafOf)
    {
        var depth = options.Depth;
        var internalNodes = RegressionTree.InternalNodes(depth);
        var features = new int[internalNodes];
        var splitBins = new int[internalNodes];
        var thresholds = new double[internalNodes];
        Array.Fill(features, -1);
        var node = new int[rowCount];
        for (var level = 0; level < depth; level++)
        {
            var first = (1 << level) - 1;
            var width = 1 << level;
            var c = new int[width * _features * _width];
            var gh = new double[2 * c.Length]; // gradient and hessian sums side by side: one cache line per bin
            for (var i = 0; i < rowCount; i++)
            {
                var slot = (node[i] - first) * _features * _width;
                var row = i * _features;
                var gi = gradients[i];
                var hi = hessians[i];
                foreach (var f in _splittable)
                {
                    var k = slot + f * _width + codes[row + f];
                    gh[2 * k] += gi;
                    gh[2 * k + 1] += hi;
                    c[k]++;
                }
            }
            for (var n = 0; n < width; n++)
            {
                var (feature, bin) = BestSplit(gh, c, n * _features * _width);
                features[first + n] = feature;
                splitBins[first + n] = bin;
                thresholds[first + n] = feature < 0 ? 0 : bins.Edges[feature][bin];
            }
            for (var i = 0; i < rowCount; i++)
            {
                var f = features[node[i]];
                var left = f < 0 || codes[i * _features + f] <= splitBins[node[i]];
                node[i] = 2 * node[i] + (left ? 1 : 2);
            }
        }
        var leafG = new double[internalNodes + 1];
        var leafH = new double[internalNodes + 1];
        for (var i = 0; i < rowCount; i++)
        {
            leafOf[i] = node[i] - internalNodes;
            leafG[leafOf[i]] += gradients[i];
            leafH[leafOf[i]] += hessians[i];
        }
        var leaves = new double[internalNodes + 1];
        for (var l = 0; l < leaves.Length; l++)
            leaves[l] = leafH[l] + options.LeafL2 > 0 ? -options.Shrinkage * leafG[l] / (leafH[l] + options.LeafL2) : 0;
        return new RegressionTree(depth, features, thresholds, leaves);
    }

    private (int Feature, int Bin) BestSplit(double[] gh, int[] c, int slot)
    {
        var best = (Feature: -1, Bin: -1);
        var bestGain = 1e-12;
        var lambda = options.LeafL2;
        foreach (var f in _splittable)
        {
            var edges = bins.Edges[f].Length;
            var baseIndex = slot + f * _width;
            double gTotal = 0, hTotal = 0;
            var cTotal = 0;
            for (var b = 0; b <= edges; b++) { gTotal += gh[2 * (baseIndex + b)]; hTotal += gh[2 * (baseIndex + b) + 1]; cTotal += c[baseIndex + b]; }
            if (cTotal < 2 * options.MinLeafRows) continue;
            var parent = Score(gTotal, hTotal, lambda);
            double gLeft = 0, hLeft = 0;
            var cLeft = 0;
            for (var b = 0; b < edges; b++)
            {
                gLeft += gh[2 * (baseIndex + b)];
                hLeft += gh[2 * (baseIndex + b) + 1];
                cLeft += c[baseIndex + b];
                if (cLeft < options.MinLeafRows) continue;
                if (cTotal - cLeft < options.MinLeafRows) break;
                var gain = Score(gLeft, hLeft, lambda) + Score(gTotal - gLeft, hTotal - hLeft, lambda) - parent;
                if (gain > bestGain) { bestGain = gain; best = (f, b); }
            }
        }
        return best;
    }

    private static double Score(double g, double h, double lambda) => h + lambda > 0 ? g * g / (h + lambda) : 0;
}
