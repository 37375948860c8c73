namespace ProvenanceGuard.Curation.NearDuplicates;

/// <summary>
/// Every pair of records that share an LSH bucket (exact copies folded into their first occurrence), as resolved from
/// the band files of all tasks: for each record, the earlier records it must be compared with, and for each earlier
/// record, the last record that will compare with it (so its signature can be dropped after that).
/// </summary>
public sealed class CandidatePairs
{
    private readonly long[] _later;
    private readonly long[] _earlier;
    private readonly Dictionary<long, long> _lastPartner;

    /// <param name="pairs">(earlier, later) sequences, sorted by later then earlier, without repeats.</param>
    private CandidatePairs(long[] later, long[] earlier)
    {
        _later = later;
        _earlier = earlier;
        _lastPartner = new Dictionary<long, long>();
        for (var i = 0; i < later.Length; i++) _lastPartner[earlier[i]] = later[i]; // ascending later: the last write wins
    }

    public static CandidatePairs Empty { get; } = new([], []);

    public int Count => _later.Length;

    /// <summary>The records <paramref name="sequence"/> shares a bucket with that come before it, ascending.</summary>
    public ReadOnlySpan<long> EarlierPartners(long sequence)
    {
        var start = LowerBound(sequence);
        var end = start;
        while (end < _later.Length && _later[end] == sequence) end++;
        return _earlier.AsSpan(start, end - start);
    }

    /// <summary>The last record that shares a bucket with <paramref name="sequence"/>, when a later one does.</summary>
    public bool TryGetLastLaterPartner(long sequence, out long last) => _lastPartner.TryGetValue(sequence, out last);

    /// <summary>Builds the set from unsorted pairs that may repeat (a pair sharing several bands is found once per band).</summary>
    public static CandidatePairs From(List<(long Earlier, long Later)> pairs)
    {
        pairs.Sort((a, b) => a.Later != b.Later ? a.Later.CompareTo(b.Later) : a.Earlier.CompareTo(b.Earlier));
        var later = new List<long>(pairs.Count);
        var earlier = new List<long>(pairs.Count);
        for (var i = 0; i < pairs.Count; i++)
        {
            if (i > 0 && pairs[i] == pairs[i - 1]) continue;
            later.Add(pairs[i].Later);
            earlier.Add(pairs[i].Earlier);
        }
        return new CandidatePairs(later.ToArray(), earlier.ToArray());
    }

    private int LowerBound(long sequence)
    {
        int low = 0, high = _later.Length;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (_later[mid] < sequence) low = mid + 1;
            else high = mid;
        }
        return low;
    }
}
