namespace ProvenanceGuard.Detection.Features;

/// <summary>
/// Exact order statistics without a full sort: a few quantiles of a text's per-token surprisals cost
/// O(n) partitioning instead of O(n log n) sorting, and give the very values a sort would.
/// </summary>
internal static class OrderStatistics
{
    /// <summary>
    /// Rearranges <paramref name="values"/> so that the elements at the ascending <paramref name="ranks"/> hold
    /// the values a sort would put there, and writes those values to <paramref name="result"/>.
    /// </summary>
    public static void Select(Span<double> values, ReadOnlySpan<int> ranks, Span<double> result)
    {
        // The middle rank splits the array; ranks below it are searched only on its left, the others on its right.
        SelectRange(values, 0, values.Length, ranks, result);
    }

    private static void SelectRange(Span<double> values, int lo, int hi, ReadOnlySpan<int> ranks, Span<double> result)
    {
        if (ranks.Length == 0) return;
        var middle = ranks.Length / 2;
        var k = ranks[middle];
        SelectOne(values, lo, hi, k);
        result[middle] = values[k];
        SelectRange(values, lo, k, ranks[..middle], result[..middle]);
        SelectRange(values, k + 1, hi, ranks[(middle + 1)..], result[(middle + 1)..]);
    }

    // Hoare-style quickselect with a median-of-three pivot: afterwards values[lo..k) <= values[k] <= values(k..hi).
    private static void SelectOne(Span<double> values, int lo, int hi, int k)
    {
        var right = hi - 1;
        if (k < lo || k > right) return;
        while (right > lo)
        {
            if (right - lo < 16)
            {
                InsertionSort(values, lo, right);
                return;
            }
            var mid = lo + ((right - lo) >> 1);
            if (values[mid] < values[lo]) Swap(values, mid, lo);
            if (values[right] < values[lo]) Swap(values, right, lo);
            if (values[right] < values[mid]) Swap(values, right, mid);
            var pivot = values[mid];
            int i = lo, j = right;
            while (i <= j)
            {
                while (values[i] < pivot) i++;
                while (pivot < values[j]) j--;
                if (i <= j)
                {
                    Swap(values, i, j);
                    i++;
                    j--;
                }
            }
            // Now values[lo..j] <= pivot <= values[i..right], and values(j..i) equal the pivot.
            if (k <= j) right = j;
            else if (k >= i) lo = i;
            else return;
        }
    }

    private static void InsertionSort(Span<double> values, int lo, int right)
    {
        for (var i = lo + 1; i <= right; i++)
        {
            var v = values[i];
            var j = i - 1;
            while (j >= lo && values[j] > v)
            {
                values[j + 1] = values[j];
                j--;
            }
            values[j + 1] = v;
        }
    }

    private static void Swap(Span<double> values, int a, int b) => (values[a], values[b]) = (values[b], values[a]);
}
