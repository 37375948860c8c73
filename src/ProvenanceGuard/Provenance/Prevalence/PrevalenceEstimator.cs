namespace ProvenanceGuard.Provenance.Prevalence;

/// <summary>Bootstrap settings of the prevalence interval.</summary>
public sealed record PrevalenceOptions
{
    public int Replicates { get; init; } = 2000;
    public double Confidence { get; init; } = 0.95;
}

/// <summary>
/// Estimates the synthetic share of a set of records from how many a detector flagged, corrected for the
/// detector's TPR and FPR (<see cref="RoganGladen"/>). The interval is a seeded parametric bootstrap: each
/// replicate redraws the flagged count, and the TPR and FPR from their calibration sample sizes when those
/// are given, and recomputes the clipped correction; the percentiles of the replicates bound the share.
/// </summary>
public sealed class PrevalenceEstimator(PrevalenceOptions options)
{
    public PrevalenceEstimator() : this(new PrevalenceOptions()) { }

    public PrevalenceEstimate Estimate(int n, int flagged, DetectorErrorRates rates, Random random)
    {
        rates.Validated();
        if (options.Replicates < 100) throw new ConfigurationException($"prevalence bootstrap replicates {options.Replicates}: need at least 100");
        if (!(options.Confidence > 0 && options.Confidence < 1)) throw new ConfigurationException($"prevalence confidence {options.Confidence}: must be strictly between 0 and 1");
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n), n, "no records to estimate a share over");
        if (flagged < 0 || flagged > n) throw new ArgumentOutOfRangeException(nameof(flagged), flagged, $"must be between 0 and n = {n}");

        var apparent = (double)flagged / n;
        var share = RoganGladen.Share(apparent, rates.Tpr, rates.Fpr);
        var replicates = new double[options.Replicates];
        for (var b = 0; b < replicates.Length; b++)
        {
            var a = (double)BinomialDraw.Sample(random, n, apparent) / n;
            var tpr = rates.TprSamples is { } nt ? (double)BinomialDraw.Sample(random, nt, rates.Tpr) / nt : rates.Tpr;
            var fpr = rates.FprSamples is { } nf ? (double)BinomialDraw.Sample(random, nf, rates.Fpr) / nf : rates.Fpr;
            // A replicate where the redrawn detector is uninformative says nothing about the share: it spans all of [0, 1].
            replicates[b] = tpr > fpr ? RoganGladen.Share(a, tpr, fpr) : (b % 2 == 0 ? 0.0 : 1.0);
        }
        Array.Sort(replicates);
        var tail = (1 - options.Confidence) / 2;
        return new PrevalenceEstimate(n, flagged, apparent, share, Percentile(replicates, tail), Percentile(replicates, 1 - tail));
    }

    private static double Percentile(double[] sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var low = (int)Math.Floor(position);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
    }
}
