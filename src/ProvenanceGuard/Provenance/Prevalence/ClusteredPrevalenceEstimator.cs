namespace ProvenanceGuard.Provenance.Prevalence;

/// <summary>
/// The Rogan-Gladen share with a cluster-aware interval: texts of one prompt group share their errors, so the
/// binomial bootstrap of <see cref="PrevalenceEstimator"/>, which treats every text as independent, is too narrow.
/// Each replicate resamples the calibration set by group (whole groups with replacement) for TPR and FPR, and the
/// records being estimated by cluster for the flagged share, then recomputes the clipped correction.
/// </summary>
public sealed class ClusteredPrevalenceEstimator(PrevalenceOptions options)
{
    public ClusteredPrevalenceEstimator() : this(new PrevalenceOptions()) { }

    public PrevalenceEstimate Estimate(IReadOnlyList<FlagCount> data, IReadOnlyList<CalibrationGroup> calibration, Random random)
    {
        if (options.Replicates < 100) throw new ConfigurationException($"prevalence bootstrap replicates {options.Replicates}: need at least 100");
        if (!(options.Confidence > 0 && options.Confidence < 1)) throw new ConfigurationException($"prevalence confidence {options.Confidence}: must be strictly between 0 and 1");
        var rates = CalibrationGroup.Pool(calibration).Validated();
        long n = 0, flagged = 0;
        foreach (var c in data)
        {
            if (c.N < 0 || c.Flagged < 0 || c.Flagged > c.N) throw new ArgumentOutOfRangeException(nameof(data), c, "a cluster needs 0 <= flagged <= n");
            n += c.N; flagged += c.Flagged;
        }
        if (n == 0) throw new ArgumentOutOfRangeException(nameof(data), n, "no records to estimate a share over");

        var apparent = (double)flagged / n;
        var replicates = new double[options.Replicates];
        for (var b = 0; b < replicates.Length; b++)
        {
            long rn = 0, rf = 0;
            for (var i = 0; i < data.Count; i++)
            {
                var c = data[random.Next(data.Count)];
                rn += c.N; rf += c.Flagged;
            }
            long m = 0, mf = 0, h = 0, hf = 0;
            for (var i = 0; i < calibration.Count; i++)
            {
                var g = calibration[random.Next(calibration.Count)];
                m += g.Machine; mf += g.MachineFlagged; h += g.Human; hf += g.HumanFlagged;
            }
            var tpr = m > 0 ? (double)mf / m : rates.Tpr;
            var fpr = h > 0 ? (double)hf / h : rates.Fpr;
            var a = rn > 0 ? (double)rf / rn : apparent;
            // A replicate where the redrawn detector is uninformative says nothing about the share: it spans all of [0, 1].
            replicates[b] = tpr > fpr ? RoganGladen.Share(a, tpr, fpr) : (b % 2 == 0 ? 0.0 : 1.0);
        }
        Array.Sort(replicates);
        var tail = (1 - options.Confidence) / 2;
        return new PrevalenceEstimate((int)Math.Min(n, int.MaxValue), (int)Math.Min(flagged, int.MaxValue), apparent,
            RoganGladen.Share(apparent, rates.Tpr, rates.Fpr), Percentile(replicates, tail), Percentile(replicates, 1 - tail));
    }

    private static double Percentile(double[] sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var low = (int)Math.Floor(position);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
    }
}
