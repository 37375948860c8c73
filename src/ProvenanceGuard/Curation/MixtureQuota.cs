using System.Text.Json;
using System.Text.Json.Nodes;
using ProvenanceGuard.Provenance.Prevalence;
using ProvenanceGuard.Records;

namespace ProvenanceGuard.Curation;

/// <summary>
/// The quota of <see cref="CurationPolicy.QuotaBasis"/> "mixtureUpperBound": a set of records meets a maximum share when
/// the one-sided upper confidence bound (at the policy's confidence) of its score-mixture share, over the binned LLRs of
/// its scored records, is within it (<see cref="MixtureUpperBound"/>, calibrated on the model card named by
/// <see cref="CurationPolicy.CalibrationModel"/>). The curator keeps the largest set that does by dropping the most
/// machine-like records first; the gate judges a shard's rows with <see cref="Exceeds"/>, the same rule with the same
/// seed, so what the curator keeps the gate accepts. Records without an LLR (too short to judge) are not in the estimate.
/// </summary>
public sealed class MixtureQuota(MixtureUpperBound bound)
{
    private const double Epsilon = 1e-9;

    /// <summary>Bootstrap replicates of the bound: enough for a stable 95th percentile, few enough to refit many times per window.</summary>
    public const int Replicates = 1000;

    public LlrBins Bins => bound.Bins;

    /// <summary>Builds the quota for a policy with quotaBasis "mixtureUpperBound" from its calibration model card, seeded by the run's seed.</summary>
    public static MixtureQuota Load(CurationPolicy policy, int seed)
    {
        if (string.IsNullOrWhiteSpace(policy.CalibrationModel))
            throw new ConfigurationException("policy:calibrationModel: quotaBasis 'mixtureUpperBound' needs the model card whose out-of-fold LLR histograms calibrate the mixture");
        var path = ProjectPaths.Require(policy.CalibrationModel, "policy:calibrationModel");
        JsonObject card;
        try
        {
            card = JsonNode.Parse(File.ReadAllBytes(path)) as JsonObject ?? throw new ConfigurationException($"policy:calibrationModel: {path} is not a JSON object");
        }
        catch (JsonException e)
        {
            throw new ConfigurationException($"policy:calibrationModel: {path} is not valid JSON: {e.Message}");
        }
        var histograms = ScoreHistograms.FromModelCard(card, path)
            ?? throw new ConfigurationException($"policy:calibrationModel: {path} has no operating_point.score_histograms (the per-group out-of-fold LLR histograms that 'detect train' writes); quotaBasis 'mixtureUpperBound' needs them");
        return new MixtureQuota(new MixtureUpperBound(histograms, new MixtureOptions { Replicates = Replicates, Confidence = policy.Confidence ?? 0.95 }, seed));
    }

    /// <summary>The record's LLR when it has a usable one.</summary>
    public static double? Llr(Record record) =>
        !record.Attributes.TooShortToJudge && record.Attributes.LogLikelihoodRatio is { } llr && double.IsFinite(llr) ? llr : null;

    /// <summary>True when records with these LLR counts per bin break the maximum share.</summary>
    public bool Exceeds(ReadOnlySpan<int> counts, double maxShare) => bound.Upper(counts) > maxShare + Epsilon;

    /// <summary>The maximum-likelihood share, for reports.</summary>
    public double Share(ReadOnlySpan<int> counts) => bound.Share(counts);

    /// <summary>The upper bound itself, for reports.</summary>
    public double Upper(ReadOnlySpan<int> counts) => bound.Upper(counts);

    /// <summary>
    /// How many of <paramref name="llrsMostMachineFirst"/> (LLRs in the order they would be dropped) must go, at least, for
    /// the rest to meet the maximum: a bisection on the drop count (the bound falls as machine-like records leave). The set
    /// kept always meets the maximum itself; one record fewer dropped did not.
    /// </summary>
    public int Drops(IReadOnlyList<double> llrsMostMachineFirst, double maxShare)
    {
        var bins = new int[llrsMostMachineFirst.Count];
        for (var i = 0; i < bins.Length; i++) bins[i] = Bins.Index(llrsMostMachineFirst[i]);
        var counts = new int[Bins.Total];
        bool Meets(int drop)
        {
            Array.Clear(counts);
            for (var i = drop; i < bins.Length; i++) counts[bins[i]]++;
            return !Exceeds(counts, maxShare);
        }
        if (Meets(0)) return 0;
        int low = 0, high = bins.Length; // Meets(low) is false; Meets(high) holds (nothing scored is left).
        while (high - low > 1)
        {
            var mid = low + (high - low) / 2;
            if (Meets(mid)) high = mid;
            else low = mid;
        }
        return high;
    }

    /// <summary>Counts per bin of the LLRs of <paramref name="records"/> that have one.</summary>
    public int[] Histogram(IEnumerable<Record> records)
    {
        var counts = new int[Bins.Total];
        foreach (var record in records)
            if (Llr(record) is { } llr) counts[Bins.Index(llr)]++;
        return counts;
    }
}
