using System.Buffers;

namespace ProvenanceGuard.Detection.Features;

/// <summary>
/// Exact order statistics of non-negative values without a full sort: the values are counted into
/// fixed-width buckets (a branch-free pass), then only the few values sharing a requested rank's bucket
/// are sorted. A text's surprisal quantiles come out exactly as a sort would give them, at a fraction of
/// the cost of sorting (whose comparisons of random values mispredict about every other branch).
/// </summary>
internal static class OrderStatistics
{
    private const int Buckets = 512;
    private const double BucketsPerUnit = 16; // surprisals run ~0-25 nats; the last bucket takes the rest

    /// <summary>Writes to <paramref name="result"/> the values a sort of <paramref name="values"/> would put at the ascending <paramref name="ranks"/>.</summary>
    public static void Select(ReadOnlySpan<double> values, ReadOnlySpan<int> ranks, Span<double> result)
    {
        Span<int> counts = stackalloc int[Buckets];
        counts.Clear();
        foreach (var v in values) counts[BucketOf(v)]++;
        var scratch = ArrayPool<double>.Shared.Rent(values.Length);
        try
        {
            int bucket = 0, below = 0, loaded = -1, size = 0;
            for (var r = 0; r < ranks.Length; r++)
            {
                var rank = ranks[r];
                while (below + counts[bucket] <= rank) below += counts[bucket++];
                if (loaded != bucket)
                {
                    size = 0;
                    foreach (var v in values)
                        if (BucketOf(v) == bucket) scratch[size++] = v;
                    scratch.AsSpan(0, size).Sort();
                    loaded = bucket;
                }
                result[r] = scratch[rank - below];
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(scratch);
        }
    }

    // Monotone in the value (so buckets keep the order); negative values share the first bucket.
    private static int BucketOf(double value) => (int)Math.Clamp(value * BucketsPerUnit, 0, Buckets - 1);
}
