using ProvenanceGuard.Detection.Features;

namespace ProvenanceGuard.Tests.Detection;

/// <summary>A sparse-feature sink that keeps nothing, for tests that need only a text's dense features.</summary>
internal struct DiscardingSink : ISparseFeatureSink
{
    public readonly void Add(ReadOnlySpan<int> indices, float value) { }
}
