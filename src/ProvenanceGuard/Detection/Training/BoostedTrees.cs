namespace ProvenanceGuard.Detection.Training;

/// <summary>
/// A gradient-boosted ensemble of small regression trees over the raw dense features, fitted with
/// logistic loss and balanced class weights (like the linear model, its margin is a log-likelihood
/// ratio, not a posterior at the training prevalence), optionally part pairwise within groups. Trees can model
/// interactions between features that the linear model's per-feature terms cannot. Deterministic: no sampling.
/// </summary>
public sealed record BoostedTrees(double BaseMargin, IReadOnlyList<RegressionTree> Trees)
{
    public double Margin(ReadOnlySpan<double> dense)
    {
        var margin = BaseMargin;
        foreach (var tree in Trees) margin += tree.Value(dense);
        return margin;
    }

    public void Validate(int featureCount)
    {
        if (!double.IsFinite(BaseMargin)) throw new InvalidDataException("Boosted trees: base margin is not finite.");
        if (Trees.Count == 0) throw new InvalidDataException("Boosted trees: the ensemble has no trees.");
        foreach (var tree in Trees) tree.Validate(featureCount);
    }

    /// <summary>Fits the ensemble; features whose <paramref name="active"/> flag is false are never split on.</summary>
    /// <param name="groups">Each row's group, for <paramref name="pairedWeight"/>: that share of the loss is on machine-minus-human margins within a group.</param>
    public static BoostedTrees Fit(IReadOnlyList<double[]> rows, IReadOnlyList<bool> labels, bool[] active, BoostingOptions options,
        IReadOnlyList<string>? groups = null, double pairedWeight = 0)
    {
        options.Validate();
        if (rows.Count != labels.Count) throw new ArgumentException("rows and labels differ in length.");
        var positives = labels.Count(l => l);
        var negatives = rows.Count - positives;
        if (positives == 0 || negatives == 0) throw new ArgumentException("Boosting needs both human and machine examples.");
        var weightPositive = rows.Count / (2.0 * positives);
        var weightNegative = rows.Count / (2.0 * negatives);

        var bins = HistogramBins.Fit(rows, active, options.Bins);
        var grower = new TreeGrower(bins, bins.Encode(rows), rows.Count, options);
        var margins = new double[rows.Count];
        var gradients = new double[rows.Count];
        var hessians = new double[rows.Count];
        var leafOf = new int[rows.Count];
        var trees = new List<RegressionTree>(options.Trees);
        var pairs = groups is null || pairedWeight <= 0 ? [] : PairedDifferences.Pairs(labels, groups);
        var singleShare = pairs.Count == 0 ? 1 : 1 - pairedWeight;
        var pairWeight = pairs.Count == 0 ? 0 : pairedWeight * rows.Count / pairs.Count;
        for (var t = 0; t < options.Trees; t++)
        {
            for (var i = 0; i < rows.Count; i++)
            {
                var p = 1 / (1 + Math.Exp(-margins[i]));
                var w = singleShare * (labels[i] ? weightPositive : weightNegative);
                gradients[i] = w * (p - (labels[i] ? 1 : 0));
                hessians[i] = w * Math.Max(p * (1 - p), 1e-12);
            }
            // Pairwise logistic loss on margin(machine) - margin(human) within a group: a ranking objective whose
            // gradient lands on both texts, so splits learn contrasts inside an article, not levels between articles.
            foreach (var (m, h) in pairs)
            {
                var q = 1 / (1 + Math.Exp(-(margins[m] - margins[h])));
                var g = pairWeight * (q - 1);
                var hess = pairWeight * Math.Max(q * (1 - q), 1e-12);
                gradients[m] += g;
                gradients[h] -= g;
                hessians[m] += hess;
                hessians[h] += hess;
            }
            var tree = grower.Grow(gradients, hessians, leafOf);
            for (var i = 0; i < rows.Count; i++) margins[i] += tree.Leaves[leafOf[i]];
            trees.Add(tree);
        }
        // Balanced weights make the best constant margin 0, so the ensemble starts there.
        return new BoostedTrees(0, trees);
    }
}
