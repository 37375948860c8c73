namespace ProvenanceGuard.Provenance.Prevalence;

/// <summary>
/// Settings of the score-mixture estimate: bootstrap replicates, confidence, and the kernel bandwidth as a multiple of
/// Silverman's rule. Too little smoothing leaves holes in the human density that read as machine text (the share is
/// biased up at low shares); too much spreads the human density under the machine one (biased down at high shares).
/// 0.75 was chosen among 0.5, 0.75 and 1.0 on the dev-set prevalence bench (docs/provenance-signals.md).
/// </summary>
public sealed record MixtureOptions
{
    public int Replicates { get; init; } = 2000;
    public double Confidence { get; init; } = 0.95;
    public double BandwidthScale { get; init; } = 0.75;
}

/// <summary>
/// The synthetic share from every record's log-likelihood ratio, not from a thresholded count: the maximum-likelihood
/// weight of the machine density in the records' score distribution (<see cref="MixtureWeight"/>), with both class
/// densities measured on labelled calibration texts and kernel-smoothed (<see cref="SmoothedDensity"/>). The interval is
/// cluster-aware like <see cref="ClusteredPrevalenceEstimator"/>'s: each replicate resamples whole calibration groups,
/// re-estimates both densities, resamples the records by cluster and refits.
/// </summary>
public sealed class MixturePrevalenceEstimator(MixtureOptions options)
{
    public MixturePrevalenceEstimator() : this(new MixtureOptions()) { }

    /// <summary>
    /// Estimates the share of the records in <paramref name="data"/> (one sparse histogram per cluster; a record on its
    /// own is a cluster of one) given the calibration groups' histograms over the same <paramref name="bins"/>.
    /// </summary>
    public ShareEstimate Estimate(IReadOnlyList<IReadOnlyList<BinCount>> data, IReadOnlyList<ScoreCalibrationGroup> calibration, LlrBins bins, Random random)
    {
        if (options.Replicates < 100) throw new ConfigurationException($"prevalence bootstrap replicates {options.Replicates}: need at least 100");
        if (!(options.Confidence > 0 && options.Confidence < 1)) throw new ConfigurationException($"prevalence confidence {options.Confidence}: must be strictly between 0 and 1");
        if (!(options.BandwidthScale > 0) || !double.IsFinite(options.BandwidthScale)) throw new ConfigurationException($"mixture bandwidth scale {options.BandwidthScale}: must be positive");
        bins.Validated();
        var k = bins.Total;
        var machineCounts = new double[k];
        var humanCounts = new double[k];
        foreach (var g in calibration)
        {
            Add(g.Machine, machineCounts, bins, "calibration");
            Add(g.Human, humanCounts, bins, "calibration");
        }
        var machineTotal = machineCounts.Sum();
        var humanTotal = humanCounts.Sum();
        if (machineTotal == 0 || humanTotal == 0)
            throw new ConfigurationException($"calibration needs machine and human texts (got {machineTotal} machine, {humanTotal} human)");
        var counts = new double[k];
        foreach (var cluster in data) Add(cluster, counts, bins, "data");
        var n = counts.Sum();
        if (n == 0) throw new ArgumentOutOfRangeException(nameof(data), n, "no records to estimate a share over");

        var machine = new double[k];
        var human = new double[k];
        SmoothedDensity.EstimateClasses(machineCounts, humanCounts, bins, options.BandwidthScale, machine, human);
        var share = MixtureWeight.MaximumLikelihood(counts, machine, human);

        var replicates = new double[options.Replicates];
        for (var r = 0; r < replicates.Length; r++)
        {
            Array.Clear(machineCounts); Array.Clear(humanCounts); Array.Clear(counts);
            for (var i = 0; i < calibration.Count; i++)
            {
                var g = calibration[random.Next(calibration.Count)];
                Accumulate(g.Machine, machineCounts);
                Accumulate(g.Human, humanCounts);
            }
            for (var i = 0; i < data.Count; i++) Accumulate(data[random.Next(data.Count)], counts);
            if (!Any(machineCounts) || !Any(humanCounts) || !Any(counts))
            {
                // A replicate without one of the classes (or without records) says nothing about the share: it spans all of [0, 1].
                replicates[r] = r % 2 == 0 ? 0.0 : 1.0;
                continue;
            }
            SmoothedDensity.Estimate(machineCounts, bins, options.BandwidthScale, machine);
            SmoothedDensity.Estimate(humanCounts, bins, options.BandwidthScale, human);
            replicates[r] = MixtureWeight.MaximumLikelihood(counts, machine, human);
        }
        Array.Sort(replicates);
        var tail = (1 - options.Confidence) / 2;
        return new ShareEstimate((int)Math.Min(n, int.MaxValue), share, Percentile(replicates, tail), Percentile(replicates, 1 - tail));
    }

    private static void Add(IReadOnlyList<BinCount> histogram, double[] counts, LlrBins bins, string what)
    {
        foreach (var c in histogram)
        {
            if (c.Bin < 0 || c.Bin >= counts.Length) throw new ArgumentOutOfRangeException(what, c.Bin, $"bin outside the {bins.Total} LLR bins");
            if (c.Count < 0) throw new ArgumentOutOfRangeException(what, c.Count, "a bin count must not be negative");
            counts[c.Bin] += c.Count;
        }
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

    private static double Percentile(double[] sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var low = (int)Math.Floor(position);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
    }
}
