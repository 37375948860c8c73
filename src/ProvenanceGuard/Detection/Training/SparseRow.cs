namespace ProvenanceGuard.Detection.Training;

/// <summary>One training example in the classifier's parameter space: sorted unique indices and their values.</summary>
public sealed record SparseRow(int[] Indices, float[] Values);
