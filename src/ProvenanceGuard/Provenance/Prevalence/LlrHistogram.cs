namespace ProvenanceGuard.Provenance.Prevalence;

/// <summary>
/// A set of records' LLRs as a manifest states them: the bins (<see cref="LlrLow"/>, <see cref="BinWidth"/>,
/// <see cref="Bins"/>, as in <see cref="LlrBins"/>) and a flat sparse [bin, count, bin, count, ...] list of the occupied
/// bins, plus how many records had no LLR (too short to judge). Enough to recompute the mixture quota's bound.
/// </summary>
public sealed record LlrHistogram(double LlrLow, double BinWidth, int Bins, IReadOnlyList<int> Counts, long Unscored)
{
    public static LlrHistogram Of(ReadOnlySpan<int> counts, LlrBins bins, long unscored)
    {
        var flat = new List<int>();
        for (var b = 0; b < counts.Length; b++)
            if (counts[b] > 0) { flat.Add(b); flat.Add(counts[b]); }
        return new LlrHistogram(bins.Low, bins.Width, bins.Count, flat, unscored);
    }

    /// <summary>True when this histogram states exactly these bins, counts and unscored records.</summary>
    public bool SameAs(ReadOnlySpan<int> counts, LlrBins bins, long unscored)
    {
        if (LlrLow != bins.Low || BinWidth != bins.Width || Bins != bins.Count || Unscored != unscored) return false;
        var other = Of(counts, bins, unscored).Counts;
        return other.Count == Counts.Count && other.SequenceEqual(Counts);
    }
}
