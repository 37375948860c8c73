using System.Numerics;
using System.Runtime.InteropServices;
using ProvenanceGuard.Detection.Tokenization;

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
    private readonly ulong[] _multipliers;
    private readonly ulong[] _addends;
    /// <summary>The current text's minhashes, each below 2^32, held as 64-bit lanes so the hashing loop is vectorized.</summary>
    private readonly ulong[] _sketch;
    private readonly ulong[] _words;
    private readonly Dictionary<ulong, int> _bucketHeads = new();
    private readonly List<int> _candidates = new();
    private byte[] _signatures;
    private int[] _next;
    private string[] _representatives;
    private int[] _lastSeen;
    private int _query;

    public NearDuplicateIndex(MinHashOptions options)
    {
        _options = options;
        if (options.Bands < 1 || options.Rows < 1 || options.ShingleWords < 1 || options.ShingleWords > 64 || options.Threshold is <= 0 or > 1)
            throw new ConfigurationException("minhash: bands, rows and shingleWords (<= 64) must be >= 1 and threshold in (0, 1]");
        var random = new Random(options.Seed);
        _multipliers = new ulong[options.Hashes];
        _addends = new ulong[options.Hashes];
        for (var i = 0; i < options.Hashes; i++)
        {
            _multipliers[i] = (ulong)random.NextInt64() << 1 | 1; // odd: multiply-shift hashing
            _addends[i] = (ulong)random.NextInt64();
        }
        _sketch = new ulong[options.Hashes];
        _words = new ulong[options.ShingleWords];
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
        Sketch(text);
        var best = -1;
        var bestSimilarity = 0.0;
        _query++;
        _candidates.Clear();
        for (var band = 0; band < _options.Bands; band++)
        {
            if (!_bucketHeads.TryGetValue(BandKey(band), out var anchor)) continue;
            for (; anchor >= 0; anchor = _next[anchor * _options.Bands + band])
            {
                if (_lastSeen[anchor] == _query) continue;
                _lastSeen[anchor] = _query;
                var similarity = Similarity(anchor);
                if (similarity >= _options.Threshold && (similarity > bestSimilarity || (similarity == bestSimilarity && anchor < best)))
                {
                    best = anchor;
                    bestSimilarity = similarity;
                }
            }
        }
        if (best >= 0) return new NearDuplicateMatch(best, bestSimilarity);
        Add(id);
        return null;
    }

    public string RepresentativeOf(int anchor) => _representatives[anchor];

    /// <summary>Moves a cluster's representative to a better record (the curator's choice while the window is open).</summary>
    public void SetRepresentative(int anchor, string id) => _representatives[anchor] = id;

    /// <summary>The similarity of the last sketched text and an anchor, from b-bit minhashes, corrected for chance agreement of 8-bit values.</summary>
    private double Similarity(int anchor)
    {
        var stored = _signatures.AsSpan(anchor * _options.Hashes, _options.Hashes);
        var equal = 0;
        for (var i = 0; i < stored.Length; i++)
            if (stored[i] == (byte)_sketch[i]) equal++;
        const double chance = 1.0 / 256;
        return Math.Max(0, ((double)equal / stored.Length - chance) / (1 - chance));
    }

    private void Add(string id)
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
        var signature = _signatures.AsSpan(anchor * _options.Hashes, _options.Hashes);
        for (var i = 0; i < signature.Length; i++) signature[i] = (byte)_sketch[i];
        for (var band = 0; band < _options.Bands; band++)
        {
            ref var head = ref CollectionsMarshal.GetValueRefOrAddDefault(_bucketHeads, BandKey(band), out var existed);
            _next[anchor * _options.Bands + band] = existed ? head : -1;
            head = anchor;
        }
        _representatives[anchor] = id;
    }

    private ulong BandKey(int band)
    {
        var key = 0x9E3779B97F4A7C15UL * (ulong)(band + 1);
        var rows = _sketch.AsSpan(band * _options.Rows, _options.Rows);
        foreach (var value in rows) key = Mix(key ^ value);
        return key;
    }

    /// <summary>Fills the sketch with the minhashes of the text's word shingles (a text shorter than one shingle is one shingle).</summary>
    private void Sketch(string text)
    {
        _sketch.AsSpan().Fill(uint.MaxValue);
        var n = _options.ShingleWords;
        var count = 0;
        foreach (var token in WordTokenizer.Tokenize(text))
        {
            if (token.Kind == TokenKind.Punctuation) continue;
            _words[count % n] = WordHash(token.In(text));
            count++;
            if (count >= n) AddShingle(count, n);
        }
        if (count is > 0 && count < n) AddShingle(count, count);
    }

    private void AddShingle(int count, int length)
    {
        var n = _options.ShingleWords;
        var shingle = 0xCBF29CE484222325UL;
        for (var j = count - length; j < count; j++) shingle = Mix(shingle ^ _words[j % n]);
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var x = new Vector<ulong>(shingle);
            for (; i <= _sketch.Length - Vector<ulong>.Count; i += Vector<ulong>.Count)
            {
                var value = Vector.ShiftRightLogical(new Vector<ulong>(_multipliers, i) * x + new Vector<ulong>(_addends, i), 32);
                Vector.Min(value, new Vector<ulong>(_sketch, i)).CopyTo(_sketch, i);
            }
        }
        for (; i < _sketch.Length; i++)
        {
            var value = (_multipliers[i] * shingle + _addends[i]) >> 32;
            if (value < _sketch[i]) _sketch[i] = value;
        }
    }

    private static ulong WordHash(ReadOnlySpan<char> word)
    {
        var hash = 0xCBF29CE484222325UL;
        foreach (var c in word) hash = (hash ^ char.ToLowerInvariant(c)) * 0x100000001B3UL;
        return hash;
    }

    private static ulong Mix(ulong x)
    {
        x ^= x >> 30;
        x *= 0xBF58476D1CE4E5B9UL;
        x ^= x >> 27;
        x *= 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }
}

/// <summary>An anchor a text was found to nearly duplicate, and the estimated Jaccard similarity.</summary>
public readonly record struct NearDuplicateMatch(int Anchor, double Similarity);
