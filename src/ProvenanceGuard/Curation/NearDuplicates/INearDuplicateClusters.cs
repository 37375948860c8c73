using ProvenanceGuard.Records;

namespace ProvenanceGuard.Curation.NearDuplicates;

/// <summary>
/// Where the curator looks up near-duplicate clusters, record by record in canonical order: the in-process LSH index
/// (<see cref="IndexedNearDuplicateClusters"/>) or buckets shared across the tasks of a partitioned run
/// (<see cref="SharedBucketClusters"/>). Both decide identically: a record joins the most similar earlier
/// cluster anchor at or above the threshold (ties to the earlier anchor), else it starts a cluster.
/// </summary>
public interface INearDuplicateClusters
{
    /// <summary>The cluster <paramref name="record"/> joins, or a new cluster it anchors (with <paramref name="record"/> as representative).</summary>
    NearDuplicateLookup FindOrAdd(Record record);

    string RepresentativeOf(long anchor);

    /// <summary>Moves a cluster's representative to a better record (the curator's choice while the window is open).</summary>
    void SetRepresentative(long anchor, string id);
}

/// <summary>The cluster a record was looked up into: its anchor, and the estimated Jaccard similarity, or null when the record anchors a new cluster.</summary>
public readonly record struct NearDuplicateLookup(long Anchor, double? Similarity)
{
    public bool StartedCluster => Similarity is null;
}

/// <summary>Near-duplicate clusters from one in-process <see cref="NearDuplicateIndex"/> (single-task runs).</summary>
public sealed class IndexedNearDuplicateClusters(MinHashOptions options) : INearDuplicateClusters
{
    private readonly NearDuplicateIndex _index = new(options);

    public NearDuplicateLookup FindOrAdd(Record record)
    {
        var match = record.Attributes.NearDuplicateSketch is { } sketch ? _index.FindOrAdd(sketch, record.Id) : _index.FindOrAdd(record.Text, record.Id);
        return match is { } found ? new(found.Anchor, found.Similarity) : new(_index.Anchors - 1, null);
    }

    public string RepresentativeOf(long anchor) => _index.RepresentativeOf((int)anchor);

    public void SetRepresentative(long anchor, string id) => _index.SetRepresentative((int)anchor, id);
}
