namespace ProvenanceGuard.Provenance.Prevalence;

/// <summary>
/// A reproducible one-sided upper confidence bound of the score-mixture share, for decisions that are taken many times
/// and checked again later (the curator's quota, the gate). The bootstrap of <see cref="MixturePrevalenceEstimator"/> is
/// split in two: the calibration replicates (whole groups resampled, both class densities re-smoothed) do not depend on
/// the records, so they are drawn once from the seed and reused for every set of records; each set's replicates then
/// redraw only its binned counts (multinomially, from a stream restarted from the seed on every call) and refit the
/// weight. The same counts, calibration and seed therefore always give the same bound, whoever computes it.
/// </summary>
/// <remarks>
/// <para>The records are taken to be all records of some larger set whose LLR falls at or below their highest occupied
/// bin: both class densities are truncated there and renormalized. A set chosen by dropping the highest LLRs (the
/// curator's quota) is exactly that, and its machine texts are the low-scoring tail of the machine density, which the
/// untruncated mixture would mistake for human text (on the dev set it read shards with 60-70% machine text as within a
/// 10% maximum). For a set not selected by score the truncation at its own maximum changes the densities by about 1/n.</para>
/// <para>Records are resampled one by one: the curator does not know which records share a prompt or source, so the
/// records' part of the interval is the independent one, while the calibration part stays cluster-aware.</para>
/// </remarks>
public sealed class MixtureUpperBound
{
    private readonly double[][] _machine;
    private readonly double[][] _human;
    private readonly bool[] _uninformative;
    private readonly double[] _pointMachine;
    private readonly double[] _pointHuman;
    private readonly int _seed;

    public MixtureUpperBound(ScoreHistograms calibration, MixtureOptions options, int seed)
    {
        if (options.Replicates < 100) throw new ConfigurationException($"prevalence bootstrap replicates {options.Replicates}: need at least 100");
        if (!(options.Confidence > 0 && options.Confidence < 1)) throw new ConfigurationException($"prevalence confidence {options.Confidence}: must be strictly between 0 and 1");
        if (!(options.BandwidthScale > 0) || !double.IsFinite(options.BandwidthScale)) throw new ConfigurationException($"mixture bandwidth scale {options.BandwidthScale}: must be positive");
        Bins = calibration.Bins.Validated();
        Confidence = options.Confidence;
        _seed = seed;
        var groups = calibration.Groups;
        var k = Bins.Total;
        var machineCounts = new double[k];
        var humanCounts = new double[k];
        foreach (var g in groups) { Accumulate(g.Machine, machineCounts); Accumulate(g.Human, humanCounts); }
        if (!Any(machineCounts) || !Any(humanCounts))
            throw new ConfigurationException($"calibration needs machine and human texts (got {machineCounts.Sum()} machine, {humanCounts.Sum()} human)");
        _pointMachine = new double[k];
        _pointHuman = new double[k];
        SmoothedDensity.EstimateClasses(machineCounts, humanCounts, Bins, options.BandwidthScale, _pointMachine, _pointHuman);

        var random = new Random(seed);
        _machine = new double[options.Replicates][];
        _human = new double[options.Replicates][];
        _uninformative = new bool[options.Replicates];
        for (var r = 0; r < options.Replicates; r++)
        {
            Array.Clear(machineCounts); Array.Clear(humanCounts);
            for (var i = 0; i < groups.Count; i++)
            {
                var g = groups[random.Next(groups.Count)];
                Accumulate(g.Machine, machineCounts);
                Accumulate(g.Human, humanCounts);
            }
            _machine[r] = new double[k];
            _human[r] = new double[k];
            // A replicate without one of the classes says nothing about the share: it spans all of [0, 1].
            if (!Any(machineCounts) || !Any(humanCounts)) { _uninformative[r] = true; continue; }
            SmoothedDensity.Estimate(machineCounts, Bins, options.BandwidthScale, _machine[r]);
            SmoothedDensity.Estimate(humanCounts, Bins, options.BandwidthScale, _human[r]);
        }
    }

    /// <summary>The bins the counts must be given in (the calibration's).</summary>
    public LlrBins Bins { get; }

    /// <summary>The one-sided confidence of <see cref="Upper"/>.</summary>
    public double Confidence { get; }

    /// <summary>The maximum-likelihood share of records with these counts per bin (0 when there are none), densities truncated at the highest occupied bin.</summary>
    public double Share(ReadOnlySpan<int> counts)
    {
        var (bins, values, _) = Compact(counts);
        if (values.Length == 0) return 0;
        var share = Fit(bins, values, _pointMachine, _pointHuman);
        return double.IsNaN(share) ? 0 : share;
    }

    /// <summary>
    /// The upper end of the one-sided interval at <see cref="Confidence"/> of the share of records with these counts per
    /// bin (<see cref="LlrBins.Total"/> entries); 0 when there are no records, as an empty set holds no synthetic text.
    /// </summary>
    public double Upper(ReadOnlySpan<int> counts)
    {
        if (counts.Length != Bins.Total) throw new ArgumentException($"counts over {counts.Length} bins, the calibration has {Bins.Total}", nameof(counts));
        var (bins, values, n) = Compact(counts);
        if (n == 0) return 0;
        var random = new Random(unchecked(_seed * 1_000_003 + 17));
        var replicates = new double[_machine.Length];
        var drawn = new double[values.Length];
        for (var r = 0; r < replicates.Length; r++)
        {
            // Multinomial(n, counts / n), drawn bin by bin as binomials of what is left.
            var left = n;
            var massLeft = (double)n;
            for (var i = 0; i < values.Length; i++)
            {
                var x = i == values.Length - 1 ? left : BinomialDraw.Sample(random, left, Math.Min(1, values[i] / massLeft));
                drawn[i] = x;
                left -= x;
                massLeft -= values[i];
            }
            var fit = _uninformative[r] ? double.NaN : Fit(bins, drawn, _machine[r], _human[r]);
            replicates[r] = double.IsNaN(fit) ? (r % 2 == 0 ? 0.0 : 1.0) : fit;
        }
        Array.Sort(replicates);
        var position = Confidence * (replicates.Length - 1);
        var low = (int)Math.Floor(position);
        var high = Math.Min(low + 1, replicates.Length - 1);
        return replicates[low] + (replicates[high] - replicates[low]) * (position - low);
    }

    private static (int[] Bins, double[] Values, int N) Compact(ReadOnlySpan<int> counts)
    {
        var nonzero = 0;
        long n = 0;
        foreach (var c in counts)
        {
            if (c < 0) throw new ArgumentOutOfRangeException(nameof(counts), c, "a bin count must not be negative");
            if (c > 0) { nonzero++; n += c; }
        }
        var bins = new int[nonzero];
        var values = new double[nonzero];
        for (int b = 0, i = 0; b < counts.Length; b++)
            if (counts[b] > 0) { bins[i] = b; values[i++] = counts[b]; }
        return (bins, values, (int)Math.Min(n, int.MaxValue));
    }

    /// <summary>
    /// <see cref="MixtureWeight.MaximumLikelihood"/> over the occupied bins only (most of a shard's bins are empty), with
    /// both densities truncated at the highest occupied bin (<paramref name="bins"/> is ascending). NaN when the truncated
    /// densities agree on every occupied bin (all records in the open bin below the calibrated range, say): the likelihood is
    /// then flat and the records say nothing about the share.
    /// </summary>
    private static double Fit(int[] bins, double[] counts, double[] machine, double[] human)
    {
        var top = bins[^1];
        double machineMass = 0, humanMass = 0;
        for (var b = 0; b <= top; b++) { machineMass += machine[b]; humanMass += human[b]; }
        Span<double> m = bins.Length <= 512 ? stackalloc double[bins.Length] : new double[bins.Length];
        Span<double> h = bins.Length <= 512 ? stackalloc double[bins.Length] : new double[bins.Length];
        var flat = true;
        for (var i = 0; i < bins.Length; i++)
        {
            m[i] = machine[bins[i]] / machineMass;
            h[i] = human[bins[i]] / humanMass;
            flat &= Math.Abs(m[i] - h[i]) <= 1e-12 * Math.Max(m[i], h[i]);
        }
        return flat ? double.NaN : MixtureWeight.MaximumLikelihood(counts, m, h);
    }

    private static void Accumulate(IReadOnlyList<BinCount> histogram, double[] counts)
    {
        for (var i = 0; i < histogram.Count; i++) counts[histogram[i].Bin] += histogram[i].Count;
    }

    private static bool Any(double[] counts)
    {
        foreach (var c in counts) if (c > 0) return true;
        return false;
    }
}
