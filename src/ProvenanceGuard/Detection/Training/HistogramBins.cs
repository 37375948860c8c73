namespace ProvenanceGuard.Detection.Training;

/// <summary>
/// Per-feature cut points at training quantiles for histogram-based tree growing. A value's bin is the
/// first edge it does not exceed, so "bin &lt;= b" is exactly "value &lt;= Edges[f][b]": a split found on
/// bins is a threshold on raw values. A constant (or inactive) feature has no edges and one bin.
/// </summary>
public sealed class HistogramBins
{
    private HistogramBins(double[][] edges) => Edges = edges;

    public double[][] Edges { get; }
    public int FeatureCount => Edges.Length;

    /// <summary>Non-finite feature values count as 0, in training and in scoring alike.</summary>
    public static double Finite(double value) => double.IsFinite(value) ? value : 0;

    public static HistogramBins Fit(IReadOnlyList<double[]> rows, bool[] active, int bins)
    {
        var edges = new double[active.Length][];
        var column = new double[rows.Count];
        for (var f = 0; f < active.Length; f++)
        {
            if (!active[f] || rows.Count == 0) { edges[f] = []; continue; }
            for (var i = 0; i < rows.Count; i++) column[i] = Finite(rows[i][f]);
            Array.Sort(column);
            var cuts = new List<double>(bins - 1);
            for (var b = 1; b < bins; b++)
            {
                var cut = column[(int)((long)b * (column.Length - 1) / bins)];
                // The largest value never becomes an edge: everything above the last edge is the last bin, so a cut there would split nothing off.
                if (cut < column[^1] && (cuts.Count == 0 || cut > cuts[^1])) cuts.Add(cut);
            }
            edges[f] = cuts.ToArray();
        }
        return new HistogramBins(edges);
    }

    public int Bin(int feature, double value)
    {
        var index = Array.BinarySearch(Edges[feature], Finite(value));
        return index >= 0 ? index : ~index;
    }

    /// <summary>Row-major bin codes (rows × features), one byte per value.</summary>
    public byte[] Encode(IReadOnlyList<double[]> rows)
    {
        var d = FeatureCount;
        var codes = new byte[rows.Count * d];
        for (var i = 0; i < rows.Count; i++)
            for (var f = 0; f < d; f++)
                codes[i * d + f] = (byte)Bin(f, rows[i][f]);
        return codes;
    }
}
