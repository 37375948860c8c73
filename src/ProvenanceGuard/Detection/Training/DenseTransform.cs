namespace ProvenanceGuard.Detection.Training;

/// <summary>
/// Fitted view of the dense features: standardised (clipped at ±5 standard deviations) for a linear
/// term, and cut at training quantiles into bins for a per-bin term, so the linear model can bend.
/// Inactive features (ablated signal groups) contribute nothing. With <paramref name="Length"/>, each feature's standardised
/// value times the text's standardised length is a third term, so a feature's weight can change with length.
/// </summary>
public sealed record DenseTransform(bool[] Active, double[] Means, double[] Scales, double[][] BinEdges, LengthModulation? Length = null)
{
    public const double Clip = 5;

    public int Count => Means.Length;
    public int BinsPerFeature => BinEdges.Length == 0 ? 0 : BinEdges[0].Length + 1;

    public double Standardize(int feature, double raw)
    {
        var z = (raw - Means[feature]) / Scales[feature];
        return double.IsFinite(z) ? Math.Clamp(z, -Clip, Clip) : 0;
    }

    public int Bin(int feature, double raw)
    {
        var edges = BinEdges[feature];
        var bin = 0;
        while (bin < edges.Length && raw > edges[bin]) bin++;
        return bin;
    }

    /// <summary>Whether feature <paramref name="feature"/> has a length-interaction term: active, and not a length feature itself.</summary>
    public bool Modulates(int feature) => Length is not null && Active[feature] && !Length.IsLengthFeature(feature);

    /// <summary>The text's standardised length, held within <see cref="Length"/>'s range (the training texts' central lengths).</summary>
    public double LengthTerm(ReadOnlySpan<double> raw) =>
        Length is { } length ? Math.Clamp(Standardize(length.Feature, raw[length.Feature]), length.Low, length.High) : 0;

    public double Interaction(int feature, double raw, double lengthTerm) => Math.Clamp(Standardize(feature, raw) * lengthTerm, -Clip, Clip);

    public static DenseTransform Fit(IReadOnlyList<double[]> rows, bool[] active, int bins, bool lengthInteractions = false)
    {
        if (bins < 1) throw new ArgumentOutOfRangeException(nameof(bins), bins, "Need at least one bin per feature.");
        var d = active.Length;
        var means = new double[d];
        var scales = new double[d];
        var edges = new double[d][];
        var column = new double[rows.Count];
        for (var f = 0; f < d; f++)
        {
            for (var i = 0; i < rows.Count; i++) column[i] = double.IsFinite(rows[i][f]) ? rows[i][f] : 0;
            var mean = column.Average();
            var variance = column.Sum(v => (v - mean) * (v - mean)) / Math.Max(1, column.Length - 1);
            means[f] = mean;
            scales[f] = Math.Sqrt(variance) > 1e-12 ? Math.Sqrt(variance) : 1;
            Array.Sort(column);
            edges[f] = new double[bins - 1];
            for (var b = 1; b < bins; b++) edges[f][b - 1] = column[(int)((long)b * (column.Length - 1) / bins)];
        }
        var transform = new DenseTransform((bool[])active.Clone(), means, scales, edges);
        return lengthInteractions && active[LengthModulation.DefaultFeature] ? transform with { Length = LengthModulation.Fit(transform, rows) } : transform;
    }
}
