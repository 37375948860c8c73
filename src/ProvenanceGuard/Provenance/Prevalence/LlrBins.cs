namespace ProvenanceGuard.Provenance.Prevalence;

/// <summary>
/// Fixed-width bins of a detector's log-likelihood ratio: <see cref="Count"/> bins of <see cref="Width"/> from
/// <see cref="Low"/>, plus an open bin below (index 0) and one above (index <see cref="Count"/> + 1), so every finite
/// LLR has a bin. A model card states its bins, so histograms written at training time are read back the same way.
/// </summary>
public sealed record LlrBins(double Low, double Width, int Count)
{
    /// <summary>0.1-wide bins over [-10, 10]: finer than any density the calibration sets here can resolve.</summary>
    public static LlrBins Default { get; } = new(-10, 0.1, 200);

    /// <summary>The number of bins, the two open tails included.</summary>
    public int Total => Count + 2;

    /// <summary>Throws a <see cref="ConfigurationException"/> unless the bins are finite, positive in width and at least one.</summary>
    public LlrBins Validated()
    {
        if (!double.IsFinite(Low)) throw new ConfigurationException($"LLR bins: lower edge {Low} is not finite");
        if (!(Width > 0) || !double.IsFinite(Width)) throw new ConfigurationException($"LLR bins: width {Width} must be positive");
        if (Count < 1 || Count > 100_000) throw new ConfigurationException($"LLR bins: {Count} bins, need 1 to 100,000");
        return this;
    }

    public int Index(double llr)
    {
        if (double.IsNaN(llr)) throw new ArgumentOutOfRangeException(nameof(llr), llr, "a log-likelihood ratio must be a number");
        if (llr < Low) return 0;
        var i = Math.Floor((llr - Low) / Width);
        return i >= Count ? Count + 1 : (int)i + 1;
    }

    /// <summary>Where a bin's mass sits for smoothing: its centre; the open tails half a width beyond the edges.</summary>
    public double Centre(int bin) => Low + (bin - 0.5) * Width;
}
