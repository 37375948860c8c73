using System.Runtime.InteropServices;

namespace ProvenanceGuard.Curation.NearDuplicates;

/// <summary>
/// A global MinHash LSH index over the texts that started a near-duplicate cluster (its anchors). Each text is
/// sketched as <see cref="MinHashOptions.Hashes"/> 32-bit minhashes of its lower-cased word shingles; each band
/// of rows is hashed to a bucket; a new text is compared with the anchors sharing any bucket using the anchors'
/// stored 8-bit minhashes (b-bit MinHash), and is a near duplicate of the most similar one at or above the threshold.
/// Texts that match are not indexed themselves, so memory grows with clusters, not records:
/// per anchor <see cref="MinHashOptions.Hashes"/> bytes of signature, 4 bytes per band of bucket chain, a bucket
/// entry per band (about 24 bytes in the bucket table) and a reference to the representative's id
/// (<see cref="ApproximateBytesPerAnchor"/>). Not thread-safe: the curator drives it from one thread.
/// </summary>
public sealed class NearDuplicateIndex
{
    private readonly MinHashOptions _options;
    private readonly MinHashSketch _sketch;
    private readonly byte[] _querySignature;
    private readonly ulong[] _queryBands;
    private readonly Dictionary<ulong, int> _bucketHeads = new();
    private byte[] _signatures;
    private int[] _next;
    private string[] _representatives;
    private int[] _lastSeen;
    private int _query;

    public NearDuplicateIndex(MinHashOptions options)
    {
        _options = options;
        _sketch = new MinHashSketch(options);
        _querySignature = new byte[options.Hashes];
        _queryBands = new ulong[options.Bands];
        _signatures = new byte[options.Hashes * 1024];
        _next = new int[options.Bands * 1024];
        _representatives = new string[1024];
        _lastSeen = new int[1024];
    }

    public int Anchors { get; private set; }

    /// <summary>Bytes one anchor costs: signature, bucket chain, bucket table entries, the id reference and its last-query mark.</summary>
    public int ApproximateBytesPerAnchor => _options.Hashes + 4 * _options.Bands + 24 * _options.Bands + 8 + 4;

    /// <summary>
    /// Finds the anchor most similar to <paramref name="text"/> (at or above the threshold; ties go to the earlier
    /// anchor) and returns it, or indexes the text as a new anchor whose representative is <paramref name="id"/>
    /// and returns null.
    /// </summary>
    public NearDuplicateMatch? FindOrAdd(string text, string id)
    {
        _sketch.Compute(text);
        _sketch.CopySignature(_querySignature);
        for (var band = 0; band < _options.Bands; band++) _queryBands[band] = _sketch.BandKey(band);
        return FindOrAdd(_queryBands, _querySignature, id);
    }

    /// <summary>The same, for a text sketched already (on a tagging worker).</summary>
    public NearDuplicateMatch? FindOrAdd(NearDuplicateSketch sketch, string id) => FindOrAdd(sketch.BandKeys, sketch.Signature, id);

    private NearDuplicateMatch? FindOrAdd(ulong[] bandKeys, byte[] signature, string id)
    {
        var best = -1;
        var bestSimilarity = 0.0;
        _query++;
        for (var band = 0; band < _options.Bands; band++)
        {
            if (!_bucketHeads.TryGetValue(bandKeys[band], out var anchor)) continue;
            for (; anchor >= 0; anchor = _next[anchor * _options.Bands + band])
            {
                if (_lastSeen[anchor] == _query) continue;
                _lastSeen[anchor] = _query;
                var similarity = MinHashSketch.Similarity(_signatures.AsSpan(anchor * _options.Hashes, _options.Hashes), signature);
                if (similarity >= _options.Threshold && (similarity > bestSimilarity || (similarity == bestSimilarity && anchor < best)))
                {
                    best = anchor;
                    bestSimilarity = similarity;
                }
            }
        }
        if (best >= 0) return new NearDuplicateMatch(best, bestSimilarity);
        Add(bandKeys, signature, id);
        return null;
    }

    public string RepresentativeOf(int anchor) => _representatives[anchor];

    /// <summary>Moves a cluster's representative to a better record (the curator's choice while the window is open).</summary>
    public void SetRepresentative(int anchor, string id) => _representatives[anchor] = id;

    private void Add(ulong[] bandKeys, byte[] signature, string id)
    {
        var anchor = Anchors++;
        if (anchor == _representatives.Length)
        {
            var capacity = anchor * 2;
            Array.Resize(ref _signatures, capacity * _options.Hashes);
            Array.Resize(ref _next, capacity * _options.Bands);
            Array.Resize(ref _representatives, capacity);
            Array.Resize(ref _lastSeen, capacity);
        }
        signature.CopyTo(_signatures.AsSpan(anchor * _options.Hashes, _options.Hashes));
        for (var band = 0; band < _options.Bands; band++)
        {
            ref var head = ref CollectionsMarshal.GetValueRefOrAddDefault(_bucketHeads, bandKeys[band], out var existed);
            _next[anchor * _options.Bands + band] = existed ? head : -1;
            head = anchor;
        }
        _representatives[anchor] = id;
    }
}

/// <summary>An anchor a text was found to nearly duplicate, and the estimated Jaccard similarity.</summary>
public readonly record struct NearDuplicateMatch(int Anchor, double Similarity);
