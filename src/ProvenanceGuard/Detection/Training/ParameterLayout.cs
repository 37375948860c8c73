namespace ProvenanceGuard.Detection.Training;

/// <summary>
/// Where each kind of weight lives in the classifier's parameter vector: [bias | dense linear | dense
/// bins | dense × length (optional) | hashed sparse | boosted-tree margin (optional)]. Turns a <see cref="FeatureRow"/> into the <see cref="SparseRow"/> the optimiser sees.
/// </summary>
/// <param name="sparseScale">Per-bucket multiplier of the hashed values (<see cref="LogCountRatio"/>); null = 1.</param>
/// <param name="includeTreeMargin">Adds one last parameter: the weight of the stacked boosted-tree margin (<see cref="TreeStacking"/>).</param>
public sealed class ParameterLayout(DenseTransform transform, int sparseSize, bool includeSparse = true, float[]? sparseScale = null,
    bool includeTreeMargin = false)
{
    private readonly int _activeCount = transform.Active.Count(a => a);
    private readonly int _modulatedCount = Enumerable.Range(0, transform.Count).Count(transform.Modulates);

    public float[]? SparseScale { get; } = sparseScale;
    public DenseTransform Transform { get; } = transform;
    public int DenseOffset => 1;
    public int BinOffset => 1 + Transform.Count;
    public int InteractionOffset => BinOffset + Transform.Count * Transform.BinsPerFeature;
    public int SparseOffset => InteractionOffset + (Transform.Length is null ? 0 : Transform.Count);
    public int TreeMarginOffset => SparseOffset + (includeSparse ? sparseSize : 0);
    public int Dimension => TreeMarginOffset + (includeTreeMargin ? 1 : 0);
    public bool IncludesSparse => includeSparse;
    public bool IncludesTreeMargin => includeTreeMargin;

    /// <param name="treeMargin">The boosted-tree margin for this row; ignored unless the layout includes it.</param>
    public SparseRow Build(FeatureRow row, double treeMargin = 0)
    {
        var sparseCount = includeSparse ? row.SparseIndices.Length : 0;
        var indices = new int[_activeCount * 2 + _modulatedCount + sparseCount + (includeTreeMargin ? 1 : 0)];
        var values = new float[indices.Length];
        var k = 0;
        for (var f = 0; f < Transform.Count; f++)
        {
            if (!Transform.Active[f]) continue;
            indices[k] = DenseOffset + f;
            values[k++] = (float)Transform.Standardize(f, row.Dense[f]);
        }
        for (var f = 0; f < Transform.Count; f++)
        {
            if (!Transform.Active[f]) continue;
            indices[k] = BinOffset + f * Transform.BinsPerFeature + Transform.Bin(f, row.Dense[f]);
            values[k++] = 1;
        }
        var length = Transform.LengthTerm(row.Dense);
        for (var f = 0; f < Transform.Count; f++)
        {
            if (!Transform.Modulates(f)) continue;
            indices[k] = InteractionOffset + f;
            values[k++] = (float)Transform.Interaction(f, row.Dense[f], length);
        }
        for (var j = 0; j < sparseCount; j++)
        {
            var bucket = row.SparseIndices[j];
            indices[k] = SparseOffset + bucket;
            values[k++] = SparseScale is null ? row.SparseValues[j] : row.SparseValues[j] * SparseScale[bucket];
        }
        if (includeTreeMargin)
        {
            indices[k] = TreeMarginOffset;
            values[k] = (float)treeMargin;
        }
        return new SparseRow(indices, values);
    }

    /// <summary>Per-parameter penalty multipliers: dense terms and hashed n-grams are regularised separately.</summary>
    public double[] PenaltyScale(double denseMultiplier, double sparseMultiplier)
    {
        var scale = new double[Dimension];
        for (var i = 1; i < SparseOffset; i++) scale[i] = denseMultiplier;
        for (var i = SparseOffset; i < TreeMarginOffset; i++) scale[i] = sparseMultiplier;
        if (includeTreeMargin) scale[TreeMarginOffset] = denseMultiplier;
        return scale;
    }
}
