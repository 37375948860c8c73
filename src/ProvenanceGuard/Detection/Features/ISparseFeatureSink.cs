namespace ProvenanceGuard.Detection.Features;

/// <summary>
/// Receives hashed sparse feature occurrences. Implemented by structs so the same extraction code
/// feeds training (collect) and scoring (dot product) with no boxing and no allocation.
/// </summary>
public interface ISparseFeatureSink
{
    void Add(int index, float value);
}
