using System.Text.Json;
using ProvenanceGuard.Curation;
using ProvenanceGuard.Pipeline;
using ProvenanceGuard.Provenance.Gate;
using ProvenanceGuard.Provenance.Prevalence;
using ProvenanceGuard.Provenance.Signing;
using ProvenanceGuard.Tests.Support;

namespace ProvenanceGuard.Tests.Curation;

/// <summary>quotaBasis "upperBound": the shard's Rogan-Gladen upper bound, not its flagged count, must stay within the maximum.</summary>
public class QuotaUpperBoundTests
{
    private static readonly MeasuredRates Rates = new() { Tpr = 0.9, Fpr = 0.05, TprSamples = 1000, FprSamples = 1000 };
    private static readonly CurationPolicy Policy = new() { MaxSyntheticShare = 0.10, QuotaBasis = "upperBound", DetectorRates = Rates };
    private const double Z95 = 1.6448536269514722;

    [Fact]
    public void The_upper_bound_covers_the_true_share_at_least_95_percent_of_the_time()
    {
        var world = new Random(9);
        var rates = Rates.ToErrorRates();
        int covered = 0, draws = 2000;
        for (var d = 0; d < draws; d++)
        {
            // Rates measured on 1,000 + 1,000 texts; a shard of 2,000 records of which 8% are synthetic.
            var measured = new DetectorErrorRates(BinomialDraw.Sample(world, 1000, 0.9) / 1000.0, BinomialDraw.Sample(world, 1000, 0.05) / 1000.0, 1000, 1000);
            var synthetic = 160;
            var flagged = BinomialDraw.Sample(world, synthetic, rates.Tpr) + BinomialDraw.Sample(world, 2000 - synthetic, rates.Fpr);
            if (RoganGladenBound.Upper(flagged, 2000, measured, Z95) >= 0.08) covered++;
        }
        // At least the nominal 95% (measured 98%: the flagged share's variance a(1 - a)/n treats the shard's composition as
        // random, which a shard of fixed composition is not, so the bound errs on the safe side).
        Assert.InRange(covered / (double)draws, 0.94, 0.995);
    }

    [Fact]
    public void The_bound_lies_above_the_point_estimate_and_tightens_with_more_calibration_texts()
    {
        var few = new DetectorErrorRates(0.9, 0.05, 100, 100);
        var many = new DetectorErrorRates(0.9, 0.05, 100_000, 100_000);
        var point = RoganGladen.Share(300 / 2000.0, 0.9, 0.05);

        Assert.True(RoganGladenBound.Upper(300, 2000, many, Z95) > point);
        Assert.True(RoganGladenBound.Upper(300, 2000, few, Z95) > RoganGladenBound.Upper(300, 2000, many, Z95));
        Assert.True(RoganGladenBound.Upper(0, 2000, many, Z95) < 0.01, "nothing flagged at FPR 0.05 is strong evidence of a tiny share");
        Assert.Equal(1.0, RoganGladenBound.Upper(0, 0, many, Z95));
    }

    [Fact]
    public void The_allowance_is_the_largest_flagged_count_whose_bound_stays_within_the_maximum()
    {
        var rates = Rates.ToErrorRates();
        foreach (var (unflagged, flagged) in new[] { (900, 400), (1800, 50), (90, 30), (5000, 2000) })
        {
            var allowed = SyntheticAllowance.Allowed(unflagged, flagged, 0.10, Policy);
            Assert.InRange(allowed, 0, flagged);
            if (allowed > 0) Assert.True(RoganGladenBound.Upper(allowed, unflagged + allowed, rates, Z95) <= 0.10 + 1e-9);
            if (allowed < flagged) Assert.True(RoganGladenBound.Upper(allowed + 1, unflagged + allowed + 1, rates, Z95) > 0.10);
            Assert.False(SyntheticAllowance.Exceeds(allowed, unflagged + allowed, 0.10, Policy));
        }
    }

    [Fact]
    public void With_false_alarms_expected_a_large_shard_may_keep_more_flagged_records_than_the_count_rule_allows()
    {
        var byCount = SyntheticAllowance.Allowed(9000, 3000, 0.10, new CurationPolicy { MaxSyntheticShare = 0.10 });
        var byBound = SyntheticAllowance.Allowed(9000, 3000, 0.10, Policy with { DetectorRates = Rates with { TprSamples = 20_000, FprSamples = 20_000 } });

        Assert.Equal(1000, byCount);
        Assert.True(byBound > byCount, $"bound allows {byBound}, count {byCount}: 5% of the unflagged-looking humans are expected to be flagged anyway");
    }

    [Fact]
    public void A_weak_detector_leaves_room_for_missed_machine_text_so_the_bound_keeps_fewer()
    {
        var weak = Policy with { DetectorRates = new MeasuredRates { Tpr = 0.14, Fpr = 0.0093, TprSamples = 4864, FprSamples = 969 } };
        var byCount = SyntheticAllowance.Allowed(1800, 400, 0.10, new CurationPolicy { MaxSyntheticShare = 0.10 });
        var byBound = SyntheticAllowance.Allowed(1800, 400, 0.10, weak);

        Assert.Equal(200, byCount);
        Assert.True(byBound < byCount / 4, $"with TPR 0.14 each flagged record stands for seven machine texts: bound allows {byBound}");
    }

    [Fact]
    public void Upper_bound_basis_without_detector_rates_is_a_configuration_error()
    {
        using var folder = new TempFolder();
        var pipeline = TestCorpus.Write(folder.Path);
        var error = Assert.Throws<ConfigurationException>(() => PipelineLoader.Load(pipeline, [], new Dictionary<string, string?> { ["policy:quotaBasis"] = "upperBound" }));
        Assert.Contains("policy:detectorRates", error.Message);
        var badBasis = Assert.Throws<ConfigurationException>(() => PipelineLoader.Load(pipeline, [], new Dictionary<string, string?> { ["policy:quotaBasis"] = "guess" }));
        Assert.Contains("policy:quotaBasis", badBasis.Message);
        var badRates = Assert.Throws<ConfigurationException>(() => PipelineLoader.Load(pipeline, [], new Dictionary<string, string?>
            { ["policy:quotaBasis"] = "upperBound", ["policy:detectorRates:tpr"] = "0.1", ["policy:detectorRates:fpr"] = "0.2" }));
        Assert.Contains("must exceed FPR", badRates.Message);
    }

    [BrownFact]
    public async Task Every_shard_the_curator_keeps_meets_the_bound_and_passes_a_gate_holding_the_policy()
    {
        using var folder = new TempFolder();
        var loaded = PipelineLoader.Load(TestCorpus.Write(folder.Path, records: 900, shardRows: 200), [], new Dictionary<string, string?>
        {
            ["policy:quotaBasis"] = "upperBound",
            ["policy:detectorRates:tpr"] = "0.9", ["policy:detectorRates:fpr"] = "0.05",
            ["policy:detectorRates:tprSamples"] = "1000", ["policy:detectorRates:fprSamples"] = "1000",
        });
        var release = folder.File("release");
        var result = await PipelineRunner.RunAsync(loaded, new RunOptions { OutputDirectory = release, Scorer = SharedResources.DemoBaseline });
        var keys = SigningKeys.Generate(folder.File("keys"));
        using (var key = SigningKeys.LoadPrivate(keys.PrivatePath)) ManifestSigner.SignRelease(release, key);

        var rates = loaded.Definition.Policy.DetectorRates!.ToErrorRates();
        Assert.True(result.Manifest!.RejectedByReason.GetValueOrDefault(CurationReason.QuotaExceeded) > 0, "the quota must bite on this corpus");
        foreach (var shard in result.Manifest.Shards)
        {
            var rows = ReleaseFiles.Lines(Path.Combine(release, shard.File));
            var flagged = rows.Count(r => r.TryGetProperty("p_machine", out var p) && p.GetDouble() >= 0.5);
            Assert.Equal(flagged, shard.FlaggedSynthetic);
            Assert.True(RoganGladenBound.Upper(flagged, rows.Count, rates, Z95) <= 0.10 + 1e-9, $"{shard.File}: {flagged} of {rows.Count} flagged");
        }
        using var publicKey = SigningKeys.LoadPublic(keys.PublicPath);
        var report = ReleaseGate.Check(release, loaded.Definition.Policy, publicKey);
        Assert.True(report.Passed, string.Join("\n", report.Failures));
        var strict = ReleaseGate.Check(release, loaded.Definition.Policy with { DetectorRates = new MeasuredRates { Tpr = 0.3, Fpr = 0.05, TprSamples = 1000, FprSamples = 1000 } }, publicKey);
        Assert.Contains(strict.Failures, f => f.Code == GateReason.SyntheticShareExceeded);
    }
}
