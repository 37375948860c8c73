using ProvenanceGuard.Detection.Features;

namespace ProvenanceGuard.Detection.Training;

/// <summary>Collects sparse feature occurrences, summing repeats (training path; allocation is fine here).</summary>
internal struct CollectingSink(Dictionary<int, float> values) : ISparseFeatureSink
{
    public readonly void Add(ReadOnlySpan<int> indices, float value)
    {
        foreach (var index in indices)
        {
            values.TryGetValue(index, out var current);
            values[index] = current + value;
        }
    }
}
