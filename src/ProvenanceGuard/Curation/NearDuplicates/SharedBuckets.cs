namespace ProvenanceGuard.Curation.NearDuplicates;

/// <summary>
/// The LSH buckets that two or more distinct texts share, as resolved from the band files of all tasks (exact copies
/// folded into their first occurrence): for each record, the shared buckets it is in, and for each bucket, its last
/// member (after which no one needs its anchors). The size is one entry per record per shared bucket, so a family of k
/// near-identical texts costs k entries per band, not the k(k-1)/2 pairs a pair list would hold.
/// </summary>
public sealed class SharedBuckets
{
    private readonly long[] _sequences;
    private readonly int[] _buckets;
    private readonly long[] _lastMembers;

    /// <param name="sequences">Member sequences, ascending, each with its bucket in <paramref name="buckets"/> (ascending per sequence).</param>
    private SharedBuckets(long[] sequences, int[] buckets, long[] lastMembers)
    {
        _sequences = sequences;
        _buckets = buckets;
        _lastMembers = lastMembers;
    }

    public static SharedBuckets Empty { get; } = new([], [], []);

    /// <summary>Record-in-bucket entries.</summary>
    public int Memberships => _sequences.Length;

    public int Buckets => _lastMembers.Length;

    /// <summary>The shared buckets <paramref name="sequence"/> is in, ascending.</summary>
    public ReadOnlySpan<int> BucketsOf(long sequence)
    {
        var start = LowerBound(sequence);
        var end = start;
        while (end < _sequences.Length && _sequences[end] == sequence) end++;
        return _buckets.AsSpan(start, end - start);
    }

    /// <summary>The sequence of the bucket's last member.</summary>
    public long LastMember(int bucket) => _lastMembers[bucket];

    /// <summary>Builds the set from each shared bucket's distinct members, ascending; bucket i is <c>members[i]</c>.</summary>
    public static SharedBuckets From(IReadOnlyList<long[]> members)
    {
        var entries = new List<(long Sequence, int Bucket)>(members.Sum(m => m.Length));
        var lastMembers = new long[members.Count];
        for (var bucket = 0; bucket < members.Count; bucket++)
        {
            foreach (var sequence in members[bucket]) entries.Add((sequence, bucket));
            lastMembers[bucket] = members[bucket][^1];
        }
        entries.Sort();
        return new SharedBuckets(entries.Select(e => e.Sequence).ToArray(), entries.Select(e => e.Bucket).ToArray(), lastMembers);
    }

    private int LowerBound(long sequence)
    {
        int low = 0, high = _sequences.Length;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (_sequences[mid] < sequence) low = mid + 1;
            else high = mid;
        }
        return low;
    }
}
