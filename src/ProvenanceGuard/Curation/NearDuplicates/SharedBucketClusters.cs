using ProvenanceGuard.Records;

namespace ProvenanceGuard.Curation.NearDuplicates;

/// <summary>
/// Near-duplicate clusters decided from resolved <see cref="SharedBuckets"/> instead of a global index: a record is
/// compared only with the earlier anchors in the buckets it shares, a bucket's anchors are held only until its last
/// member has been seen, and an anchor's signature only until its last bucket closes. The decisions equal
/// <see cref="IndexedNearDuplicateClusters"/>'s record for record, because the candidates are the same (anchors sharing
/// a bucket, tried in ascending order) and so is the similarity estimate.
/// </summary>
public sealed class SharedBucketClusters(MinHashOptions options, SharedBuckets buckets) : INearDuplicateClusters
{
    private sealed class Anchor(long sequence, byte[] signature, string representative)
    {
        public long Sequence { get; } = sequence;
        public byte[] Signature { get; } = signature;
        public string Representative { get; set; } = representative;
    }

    private readonly MinHashSketch _sketch = new(options);
    private readonly Dictionary<long, Anchor> _anchors = new();
    private readonly PriorityQueue<long, long> _anchorExpiry = new();
    private readonly Dictionary<int, List<Anchor>> _anchorsByBucket = new();
    private readonly PriorityQueue<int, long> _bucketExpiry = new();
    private readonly List<Anchor> _candidates = new();

    /// <summary>Anchors whose signatures are held now (a bucket of theirs still has members ahead).</summary>
    public int HeldAnchors => _anchors.Count;

    public NearDuplicateLookup FindOrAdd(Record record)
    {
        var sequence = record.Sequence;
        while (_bucketExpiry.TryPeek(out var closed, out var last) && last < sequence)
        {
            _bucketExpiry.Dequeue();
            _anchorsByBucket.Remove(closed);
        }
        while (_anchorExpiry.TryPeek(out var expired, out var last) && last < sequence)
        {
            _anchorExpiry.Dequeue();
            _anchors.Remove(expired);
        }
        var shared = buckets.BucketsOf(sequence);
        if (shared.IsEmpty) return new NearDuplicateLookup(sequence, null);

        var signature = new byte[options.Hashes];
        _sketch.Compute(record.Text);
        _sketch.CopySignature(signature);
        _candidates.Clear();
        foreach (var bucket in shared)
            if (_anchorsByBucket.TryGetValue(bucket, out var anchors)) _candidates.AddRange(anchors);
        _candidates.Sort(static (a, b) => a.Sequence.CompareTo(b.Sequence));
        Anchor? best = null;
        var bestSimilarity = 0.0;
        for (var i = 0; i < _candidates.Count; i++) // ascending, so a tie stays with the earlier anchor
        {
            var candidate = _candidates[i];
            if (i > 0 && ReferenceEquals(candidate, _candidates[i - 1])) continue; // met in two shared buckets
            var similarity = MinHashSketch.Similarity(candidate.Signature, signature);
            if (similarity >= options.Threshold && similarity > bestSimilarity)
            {
                best = candidate;
                bestSimilarity = similarity;
            }
        }
        if (best is not null) return new NearDuplicateLookup(best.Sequence, bestSimilarity);

        Anchor? added = null;
        var lastPartner = -1L;
        foreach (var bucket in shared)
        {
            var last = buckets.LastMember(bucket);
            if (last <= sequence) continue;
            added ??= new Anchor(sequence, signature, record.Id);
            if (!_anchorsByBucket.TryGetValue(bucket, out var anchors))
            {
                _anchorsByBucket[bucket] = anchors = [];
                _bucketExpiry.Enqueue(bucket, last);
            }
            anchors.Add(added);
            lastPartner = Math.Max(lastPartner, last);
        }
        if (added is not null)
        {
            _anchors[sequence] = added;
            _anchorExpiry.Enqueue(sequence, lastPartner);
        }
        return new NearDuplicateLookup(sequence, null);
    }

    public string RepresentativeOf(long anchor) => _anchors[anchor].Representative;

    public void SetRepresentative(long anchor, string id)
    {
        if (_anchors.TryGetValue(anchor, out var held)) held.Representative = id;
    }
}
