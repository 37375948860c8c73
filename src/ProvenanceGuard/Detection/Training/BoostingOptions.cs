namespace ProvenanceGuard.Detection.Training;

/// <summary>Shape of the gradient-boosted tree ensemble fitted over the dense features (<see cref="BoostedTrees"/>).</summary>
/// <param name="Trees">Boosting rounds (one tree each).</param>
/// <param name="Depth">Depth of every tree: depth d can model interactions of up to d features.</param>
/// <param name="Shrinkage">Learning rate each tree's leaf values are multiplied by.</param>
/// <param name="Bins">Histogram bins per feature (training quantiles); split points are bin edges.</param>
/// <param name="LeafL2">Ridge penalty on leaf values (added to the leaf's hessian sum).</param>
/// <param name="MinLeafRows">A split leaving fewer training rows on either side is not made.</param>
/// <param name="InnerFolds">Grouped folds inside each fit that produce the out-of-fold margins the linear model is trained on.</param>
/// <param name="PairedWeight">Share of the trees' loss on within-group machine-vs-human margin contrasts (pairwise ranking); 0 = single texts only.</param>
/// <param name="ExcludedGroups">Dense signal groups the trees never split on (the linear model still uses them).</param>
public sealed record BoostingOptions(int Trees = 200, int Depth = 3, double Shrinkage = 0.1, int Bins = 32, double LeafL2 = 1,
    int MinLeafRows = 20, int InnerFolds = 5, double PairedWeight = 0, IReadOnlyList<string>? ExcludedGroups = null)
{
    /// <summary>The features the trees may split on: the linear model's active ones outside <see cref="ExcludedGroups"/>.</summary>
    public bool[] SplitMask(bool[] active) =>
        [.. Features.DenseFeatureLayout.Features.Select((f, i) => active[i] && !(ExcludedGroups ?? []).Contains(f.Group))];

    public void Validate()
    {
        if (Trees < 1) throw new ArgumentException($"Boosting needs at least one tree (got {Trees}).");
        if (Depth is < 1 or > 8) throw new ArgumentException($"Tree depth must be 1..8 (got {Depth}).");
        if (!(Shrinkage > 0 && Shrinkage <= 1)) throw new ArgumentException($"Shrinkage must be in (0, 1] (got {Shrinkage}).");
        if (Bins is < 2 or > 256) throw new ArgumentException($"Histogram bins must be 2..256 (got {Bins}).");
        if (!(LeafL2 >= 0) || !double.IsFinite(LeafL2)) throw new ArgumentException($"Leaf L2 must be finite and >= 0 (got {LeafL2}).");
        if (MinLeafRows < 1) throw new ArgumentException($"Minimum leaf rows must be at least 1 (got {MinLeafRows}).");
        if (PairedWeight is < 0 or >= 1 || double.IsNaN(PairedWeight)) throw new ArgumentException($"Tree paired share must be in [0, 1) (got {PairedWeight}).");
        if (InnerFolds < 2) throw new ArgumentException($"Stacking needs at least 2 inner folds (got {InnerFolds}).");
    }
}
