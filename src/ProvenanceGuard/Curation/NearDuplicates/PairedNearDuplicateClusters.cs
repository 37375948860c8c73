using ProvenanceGuard.Records;

namespace ProvenanceGuard.Curation.NearDuplicates;

/// <summary>
/// Near-duplicate clusters decided from resolved <see cref="CandidatePairs"/> instead of a global index: a record is
/// compared only with the earlier anchors it shares a bucket with, and an anchor's signature is held only until its
/// last partner has been seen. The decisions equal <see cref="IndexedNearDuplicateClusters"/>'s record for record,
/// because the candidates are the same (anchors sharing a bucket) and so is the similarity estimate.
/// </summary>
public sealed class PairedNearDuplicateClusters(MinHashOptions options, CandidatePairs pairs) : INearDuplicateClusters
{
    private sealed class Anchor(byte[] signature, string representative)
    {
        public byte[] Signature { get; } = signature;
        public string Representative { get; set; } = representative;
    }

    private readonly MinHashSketch _sketch = new(options);
    private readonly Dictionary<long, Anchor> _anchors = new();
    private readonly PriorityQueue<long, long> _expiry = new();

    /// <summary>Anchors whose signatures are held now (they still have partners ahead).</summary>
    public int HeldAnchors => _anchors.Count;

    public NearDuplicateLookup FindOrAdd(Record record)
    {
        var sequence = record.Sequence;
        while (_expiry.TryPeek(out var anchor, out var last) && last < sequence)
        {
            _expiry.Dequeue();
            _anchors.Remove(anchor);
        }
        var partners = pairs.EarlierPartners(sequence);
        var hasLater = pairs.TryGetLastLaterPartner(sequence, out var lastPartner);
        if (partners.IsEmpty && !hasLater) return new NearDuplicateLookup(sequence, null);

        var signature = new byte[options.Hashes];
        _sketch.Compute(record.Text);
        _sketch.CopySignature(signature);
        long best = -1;
        var bestSimilarity = 0.0;
        foreach (var partner in partners) // ascending, so a tie stays with the earlier anchor
        {
            if (!_anchors.TryGetValue(partner, out var candidate)) continue;
            var similarity = MinHashSketch.Similarity(candidate.Signature, signature);
            if (similarity >= options.Threshold && similarity > bestSimilarity)
            {
                best = partner;
                bestSimilarity = similarity;
            }
        }
        if (best >= 0) return new NearDuplicateLookup(best, bestSimilarity);
        if (hasLater)
        {
            _anchors[sequence] = new Anchor(signature, record.Id);
            _expiry.Enqueue(sequence, lastPartner);
        }
        return new NearDuplicateLookup(sequence, null);
    }

    public string RepresentativeOf(long anchor) => _anchors[anchor].Representative;

    public void SetRepresentative(long anchor, string id)
    {
        if (_anchors.TryGetValue(anchor, out var held)) held.Representative = id;
    }
}
