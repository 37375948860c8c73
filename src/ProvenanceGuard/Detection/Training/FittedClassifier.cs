namespace ProvenanceGuard.Detection.Training;

/// <summary>A fitted logistic regression together with the layout that maps features to its weights, and the boosted trees whose margin it takes as one input (if any).</summary>
public sealed record FittedClassifier(ParameterLayout Layout, double[] Weights, BoostedTrees? Trees = null)
{
    public double RawScore(FeatureRow row) => LogisticRegression.Score(Weights, Layout.Build(row, Trees?.Margin(row.Dense) ?? 0));

    public static FittedClassifier Fit(TrainingSet set, IReadOnlyList<int> trainIndices, TrainingOptions options)
    {
        var active = DenseFeatureMask(options);
        var transform = DenseTransform.Fit(trainIndices.Select(i => set.Rows[i].Dense).ToList(), active, options.DenseBins, options.LengthInteractions);
        var scale = options.UseSparse && options.LogCountRatioSmoothing > 0
            ? LogCountRatio.Compute(set, trainIndices, options.Features.SparseSize, options.LogCountRatioSmoothing)
            : null;
        var stacked = options.Boosting is { } boosting
            ? TreeStacking.Fit(set, trainIndices, boosting.SplitMask(active), boosting, options.GroupField, options.Seed + 1, boosting.PairedWeight)
            : ((BoostedTrees Trees, double[] OutOfFoldMargins)?)null;
        var layout = new ParameterLayout(transform, options.Features.SparseSize, options.UseSparse, scale, stacked is not null);
        var rows = trainIndices.Select((i, j) => layout.Build(set.Rows[i], stacked?.OutOfFoldMargins[j] ?? 0)).ToList();
        var labels = trainIndices.Select(set.IsMachine).ToList();
        List<double>? rowWeights = null;
        if (options.PairedWeight > 0) (rows, labels, rowWeights) = PairedDifferences.Mix(rows, labels,
            [.. trainIndices.Select(i => set.Texts[i].Field(options.GroupField))], options.PairedWeight);
        var weights = LogisticRegression.Fit(rows, labels, layout.Dimension, options.Regression,
            layout.PenaltyScale(options.DenseL2Multiplier, options.SparseL2Multiplier), rowWeights);
        return new FittedClassifier(layout, weights, stacked?.Trees);
    }

    public static bool[] DenseFeatureMask(TrainingOptions options)
    {
        var excluded = options.ExcludedDenseGroups ?? [];
        return Features.DenseFeatureLayout.Features.Select(f => !excluded.Contains(f.Group)).ToArray();
    }
}
