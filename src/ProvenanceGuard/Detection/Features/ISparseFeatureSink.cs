namespace ProvenanceGuard.Detection.Features;

/// <summary>
/// Receives hashed sparse feature occurrences. Implemented by structs so the same extraction code
/// feeds training (collect) and scoring (dot product) with no boxing and no allocation.
/// </summary>
public interface ISparseFeatureSink
{
    /// <summary>
    /// One occurrence of each bucket in <paramref name="indices"/> (repeats allowed), all weighted <paramref name="value"/>.
    /// Whole passes arrive as one batch so that scoring reads the weight table in a tight loop whose
    /// independent cache misses overlap, instead of one miss at a time between feature computations.
    /// </summary>
    void Add(ReadOnlySpan<int> indices, float value);
}
