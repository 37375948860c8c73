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
/// machine-like records first, a whole LLR bin at a time; the gate judges a shard's rows with <see cref="Exceeds"/>, the same rule with the same
/// seed, so what the curator keeps the gate accepts. Records without an LLR (too short to judge) are not in the estimate.
/// </summary>
public sealed class MixtureQuota(MixtureUpperBound bound)
{
    private const double Epsilon = 1e-9;

    /// <summary>Bootstrap replicates of the bound: enough for a stable 95th percentile, few enough to refit many times per window.</summary>
    public const int Replicates = 1000;

    /// <summary>Occupied bins the cut search steps down at a time (0.4 LLR with the default bins, where they are all occupied).</summary>
    public const int Stride = 4;

    public LlrBins Bins => bound.Bins;

    /// <summary>
    /// Why a stratum floor and this basis are refused together: the bound models the kept records as all records at or
    /// below one LLR cut, so keeping a rare stratum's records above the cut would leave a set it reads as less machine-like
    /// than it is (the failure the truncation exists to prevent), and the floor could not be honoured without that.
    /// </summary>
    public const string NoStratumFloor =
        "does not apply to quotaBasis 'mixtureUpperBound': its bound certifies the records at or below one LLR cut, and keeping a rare stratum's records above the cut would make it read low; " +
        "remove stratumFloor, or use quotaBasis 'flagged' or 'upperBound'";

    /// <summary>Builds the quota for a policy with quotaBasis "mixtureUpperBound" from its calibration model card, seeded by the run's seed.</summary>
    public static MixtureQuota Load(CurationPolicy policy, int seed)
    {
        if (policy.StratumFloor is not null) throw new ConfigurationException("policy:stratumFloor: " + NoStratumFloor);
        if (string.IsNullOrWhiteSpace(policy.CalibrationModel))
            throw new ConfigurationException("policy:calibrationModel: quotaBasis 'mixtureUpperBound' needs the model card whose out-of-fold LLR histograms calibrate the mixture");
        var path = ProjectPaths.Require(policy.CalibrationModel, "policy:calibrationModel");
        JsonObject card;
        try
        {
            var root = JsonNode.Parse(File.ReadAllBytes(path)) as JsonObject ?? throw new ConfigurationException($"policy:calibrationModel: {path} is not a JSON object");
            // A detector model file holds its card under "card"; a card on its own is accepted as well.
            card = root["card"] as JsonObject ?? root;
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

    /// <summary>True when records with these LLR counts per bin break the maximum share (the bound above it; <see cref="MixtureUpperBound.Exceeds"/>).</summary>
    public bool Exceeds(ReadOnlySpan<int> counts, double maxShare) => bound.Exceeds(counts, maxShare + Epsilon);

    /// <summary>The maximum-likelihood share, for reports.</summary>
    public double Share(ReadOnlySpan<int> counts) => bound.Share(counts);

    /// <summary>The upper bound itself, for reports.</summary>
    public double Upper(ReadOnlySpan<int> counts) => bound.Upper(counts);

    /// <summary>
    /// The highest LLR bin a set of records with these <paramref name="counts"/> per bin may keep so that what is left
    /// meets the maximum (-1: none of the scored records). Whole bins go, the highest first, so the kept records are exactly
    /// those at or below an LLR cut, the selection <see cref="MixtureUpperBound"/> models. The bound falls as the cut comes
    /// down from the top, until so few records are left that it widens again; so the search walks down from the top in
    /// strides of <see cref="Stride"/> occupied bins to the first cut that meets the maximum and then bisects back up: the
    /// cut found meets the maximum itself and the next occupied bin above it did not.
    /// </summary>
    public int Cut(ReadOnlySpan<int> counts, double maxShare)
    {
        var occupied = new List<int>();
        for (var b = 0; b < counts.Length; b++) if (counts[b] > 0) occupied.Add(b);
        var below = new int[counts.Length];
        var all = counts.ToArray();
        bool Meets(int i)
        {
            Array.Clear(below);
            if (i >= 0) Array.Copy(all, below, occupied[i] + 1);
            return !Exceeds(below, maxShare);
        }
        var high = occupied.Count - 1; // keeping up to occupied[high] fails (once checked)
        if (high < 0 || Meets(high)) return counts.Length - 1;
        // Down in strides of a few occupied bins (wide enough to be quick, narrow enough not to jump over the cuts that
        // meet the maximum into the thin tail below them), then bisect within the stride.
        var low = high;
        while (true)
        {
            low = Math.Max(-1, high - Stride);
            if (Meets(low)) break;
            if (low == -1) return -1;
            high = low;
        }
        while (high - low > 1)
        {
            var mid = low + (high - low) / 2;
            if (Meets(mid)) low = mid;
            else high = mid;
        }
        return low < 0 ? -1 : occupied[low];
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
