namespace ProvenanceGuard.Detection.Training;

/// <summary>
/// Stacks the boosted trees under the linear model without leaking labels: within one fit's training rows,
/// each row's tree margin comes from an ensemble fitted on the other inner folds (grouped, so no text
/// sees a tree trained on its own group's labels); the linear model learns one weight for that margin.
/// At scoring time the ensemble fitted on all the fit's training rows supplies the margin.
/// </summary>
public static class TreeStacking
{
    /// <summary>The final ensemble over <paramref name="trainIndices"/> and each of those rows' inner out-of-fold margin.</summary>
    public static (BoostedTrees Trees, double[] OutOfFoldMargins) Fit(TrainingSet set, IReadOnlyList<int> trainIndices, bool[] active,
        BoostingOptions boosting, string groupField, int seed, double pairedWeight = 0)
    {
        string[] GroupsOf(IEnumerable<int> rows) => [.. rows.Select(j => set.Texts[trainIndices[j]].Field(groupField))];
        var innerFold = set.GroupFolds(groupField, boosting.InnerFolds, seed);
        var margins = new double[trainIndices.Count];
        for (var k = 0; k < boosting.InnerFolds; k++)
        {
            var fit = Enumerable.Range(0, trainIndices.Count).Where(j => innerFold[trainIndices[j]] != k).ToArray();
            var held = Enumerable.Range(0, trainIndices.Count).Where(j => innerFold[trainIndices[j]] == k).ToArray();
            if (held.Length == 0) continue;
            var labels = fit.Select(j => set.IsMachine(trainIndices[j])).ToArray();
            // An inner fold whose rest has a single class cannot train trees; its rows get the neutral margin 0.
            if (labels.All(l => l) || labels.All(l => !l)) continue;
            var trees = BoostedTrees.Fit(fit.Select(j => set.Rows[trainIndices[j]].Dense).ToList(), labels, active, boosting, GroupsOf(fit), pairedWeight);
            foreach (var j in held) margins[j] = trees.Margin(set.Rows[trainIndices[j]].Dense);
        }
        var final = BoostedTrees.Fit(trainIndices.Select(i => set.Rows[i].Dense).ToList(), trainIndices.Select(set.IsMachine).ToList(), active, boosting,
            GroupsOf(Enumerable.Range(0, trainIndices.Count)), pairedWeight);
        return (final, margins);
    }
}
