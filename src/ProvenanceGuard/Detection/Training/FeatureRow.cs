namespace ProvenanceGuard.Detection.Training;

/// <summary>A text's extracted features before any fitted transform: raw dense values and merged hashed sparse counts.</summary>
public sealed record FeatureRow(double[] Dense, int[] SparseIndices, float[] SparseValues);
