using System.Buffers;

namespace ProvenanceGuard.Detection.Features;

/// <summary>
/// Exact order statistics of non-negative values without a full sort: the values are counted into
/// fixed-width buckets, placed in bucket order (a counting sort by bucket), and only the buckets holding a
/// requested rank are sorted. A text's surprisal quantiles come out exactly as a sort would give them, at a
/// fraction of the cost of sorting (whose comparisons of random values mispredict about every other branch).
/// </summary>
internal static class OrderStatistics
{
    private const int Buckets = 256;
    private const double BucketsPerUnit = 8; // surprisals run ~0-25 nats; the last bucket takes the rest

    /// <summary>Writes to <paramref name="result"/> the values a sort of <paramref name="values"/> would put at the ascending <paramref name="ranks"/>.</summary>
    public static void Select(ReadOnlySpan<double> values, ReadOnlySpan<int> ranks, Span<double> result)
    {
        if (ranks.IsEmpty) return;
        if (values.IsEmpty) throw new ArgumentException("No values to rank.", nameof(values));
        // starts[b] is where bucket b begins in bucket order; only the buckets in use are summed.
        Span<int> starts = stackalloc int[Buckets + 1];
        starts.Clear();
        int first = Buckets - 1, last = 0;
        foreach (var v in values)
        {
            var b = BucketOf(v);
            starts[b + 1]++;
            first = Math.Min(first, b);
            last = Math.Max(last, b);
        }
        for (var b = first; b <= last; b++) starts[b + 1] += starts[b];
        Span<int> next = stackalloc int[Buckets];
        starts[first..(last + 1)].CopyTo(next[first..]);
        var ordered = ArrayPool<double>.Shared.Rent(values.Length);
        try
        {
            foreach (var v in values) ordered[next[BucketOf(v)]++] = v;
            int bucket = first, sorted = -1;
            for (var r = 0; r < ranks.Length; r++)
            {
                var rank = ranks[r];
                while (starts[bucket + 1] <= rank) bucket++;
                if (bucket != sorted)
                {
                    ordered.AsSpan(starts[bucket], starts[bucket + 1] - starts[bucket]).Sort();
                    sorted = bucket;
                }
                result[r] = ordered[rank];
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(ordered);
        }
    }

    // Monotone in the value (so buckets keep the order); negative values share the first bucket.
    private static int BucketOf(double value) => (int)Math.Clamp(value * BucketsPerUnit, 0, Buckets - 1);
}
