namespace ProvenanceGuard.Simulation;

/// <summary>One generation's summary over chains: column name → value (mean_x, median_x, q05_x, q95_x, pooled ones).</summary>
public sealed record GenerationSummary(int Generation, IReadOnlyList<KeyValuePair<string, double>> Columns)
{
    public double? Get(string column)
    {
        foreach (var (name, value) in Columns)
            if (name == column) return value;
        return null;
    }
}

/// <summary>
/// Per-generation bands over chains. Means are reported but verdicts lean on medians and
/// quantiles: in collapse a few rare chains dominate the mean.
/// </summary>
public sealed class SimulationSummary
{
    /// <summary>The summaries computed for every public metric, in column order.</summary>
    public static readonly string[] Statistics = ["mean", "median", "q05", "q95"];

    private SimulationSummary(IReadOnlyList<string> metrics, IReadOnlyList<GenerationSummary> generations)
    {
        PublicMetrics = metrics;
        Generations = generations;
    }

    /// <summary>The per-chain metrics that get bands (raw '_' sums excluded).</summary>
    public IReadOnlyList<string> PublicMetrics { get; }
    public IReadOnlyList<GenerationSummary> Generations { get; }

    public IReadOnlyList<string> ColumnNames => Generations.Count == 0 ? [] : Generations[0].Columns.Select(c => c.Key).ToArray();

    public static SimulationSummary From(SimulationRun run)
    {
        var metrics = run.Model.Metrics.Where(m => !m.StartsWith('_')).ToArray();
        var generations = new GenerationSummary[run.Generations + 1];
        var buffer = new double[run.Chains];
        for (var g = 0; g <= run.Generations; g++)
        {
            var at = run.At(g);
            var columns = new List<KeyValuePair<string, double>>();
            foreach (var metric in metrics)
            {
                var index = run.MetricIndex(metric);
                var n = 0;
                for (var c = 0; c < run.Chains; c++)
                {
                    var v = run.Value(c, g, index);
                    if (!double.IsNaN(v)) buffer[n++] = v;
                }
                var values = buffer.AsSpan(0, n);
                values.Sort();
                columns.Add(new("mean_" + metric, Mean(values)));
                columns.Add(new("median_" + metric, Quantile(values, 0.5)));
                columns.Add(new("q05_" + metric, Quantile(values, 0.05)));
                columns.Add(new("q95_" + metric, Quantile(values, 0.95)));
            }
            columns.AddRange(run.Model.PooledMetrics(at));
            generations[g] = new GenerationSummary(g, columns);
        }
        return new SimulationSummary(metrics, generations);
    }

    private static double Mean(ReadOnlySpan<double> values)
    {
        if (values.Length == 0) return double.NaN;
        var s = 0.0;
        foreach (var v in values) s += v;
        return s / values.Length;
    }

    /// <summary>Linear-interpolation quantile of sorted values (Hyndman–Fan type 7).</summary>
    public static double Quantile(ReadOnlySpan<double> sorted, double q)
    {
        if (sorted.Length == 0) return double.NaN;
        var h = (sorted.Length - 1) * q;
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        var a = sorted[lo];
        var b = sorted[hi];
        return a == b ? a : a + (h - lo) * (b - a);
    }
}
