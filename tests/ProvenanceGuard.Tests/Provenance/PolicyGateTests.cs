using System.Text.Json.Nodes;
using ProvenanceGuard.Curation;
using ProvenanceGuard.Pipeline;
using ProvenanceGuard.Provenance.Gate;
using ProvenanceGuard.Provenance.Signing;
using ProvenanceGuard.Tests.Support;

namespace ProvenanceGuard.Tests.Provenance;

/// <summary>The policy extensions at the gate: a release curated under them passes a gate holding them, and a gate asking for more fails with its own reason.</summary>
public class PolicyGateTests(SignedReleaseFixture fixture) : IClassFixture<SignedReleaseFixture>
{
    private static List<string> FailureCodes(GateReport report) => report.Failures.Select(f => f.Code).Distinct().Order().ToList();

    private GateReport Gate(string release, CurationPolicy policy)
    {
        using var key = SigningKeys.LoadPublic(fixture.PublicKeyPath);
        return ReleaseGate.Check(release, policy, key);
    }

    [BrownFact]
    public void Gating_for_caps_strata_a_human_minimum_or_the_upper_bound_names_each()
    {
        using var temp = new TempFolder();
        var release = fixture.CopyRelease(temp);
        var policy = fixture.Policy;

        Assert.Equal([GateReason.ReleasePolicyLooser, GateReason.SourceCapExceeded], FailureCodes(Gate(release, policy with { SourceCaps = new() { ["main"] = 10 } })));
        Assert.Equal([GateReason.ReleasePolicyLooser, GateReason.StratumShareExceeded],
            FailureCodes(Gate(release, policy with { StratumField = "source", MaxSyntheticSharePerStratum = 0.01 })));
        Assert.Equal([GateReason.HumanRecordsBelowMinimum], FailureCodes(Gate(release, policy with { MinHumanRecords = 1_000_000 })));
        Assert.Empty(FailureCodes(Gate(release, policy with { MinHumanRecords = 10 })));
        Assert.Contains(GateReason.ReleasePolicyLooser, FailureCodes(Gate(release, policy with { ShareBound = "upper" })));
        var upperBoundQuota = Gate(release, policy with { QuotaBasis = "upperBound", DetectorRates = new MeasuredRates { Tpr = 0.9, Fpr = 0.05, TprSamples = 1000, FprSamples = 1000 } });
        Assert.Contains(upperBoundQuota.Failures, f => f.Code == GateReason.ReleasePolicyLooser && f.Message.Contains("quotaBasis flagged < upperBound"));
    }

    [BrownFact]
    public void A_gate_limiting_texts_outside_the_detectors_lengths_reads_the_manifests_count()
    {
        using var temp = new TempFolder();
        var release = fixture.CopyRelease(temp);
        var policy = fixture.Policy with { MaxShareOutsideDetectorLengths = 0.2 };
        // The fixture's baseline detector has no card stating its training lengths, so its manifest counts nothing.
        Assert.Equal([GateReason.DetectorLengthsUnknown], FailureCodes(Gate(release, policy)));

        SignedReleaseFixture.EditManifest(release, m => m["syntheticShare"]!["detectorLengths"] =
            new JsonObject { ["lowWords"] = 111, ["highWords"] = 192, ["scored"] = 200, ["outside"] = 50 });
        ManifestSigner.SignRelease(release, fixture.Key);
        var report = Gate(release, policy);
        Assert.Equal([GateReason.DetectorLengthsExceeded], FailureCodes(report));
        Assert.Contains("50 of 200 scored texts (25.0 %)", report.Failures.Single().Message);
        Assert.Empty(FailureCodes(Gate(release, policy with { MaxShareOutsideDetectorLengths = 0.25 })));
        Assert.Empty(FailureCodes(Gate(release, fixture.Policy)));
    }

    [BrownFact]
    public async Task A_release_curated_under_the_extended_policy_passes_a_gate_holding_it()
    {
        using var temp = new TempFolder();
        var pipeline = TestCorpus.Write(temp.Path);
        var loaded = PipelineLoader.Load(pipeline, [], new Dictionary<string, string?>
        {
            ["policy:sourceCaps:main"] = "150",
            ["policy:stratumField"] = "lang",
            ["policy:maxSyntheticSharePerStratum"] = "0.08",
            ["policy:shareBound"] = "upper",
            ["policy:minHumanRecords"] = "100",
        });
        var release = temp.File("release");
        var result = await PipelineRunner.RunAsync(loaded, new RunOptions { OutputDirectory = release, Scorer = SharedResources.DemoBaseline });
        ManifestSigner.SignRelease(release, fixture.Key);

        Assert.True(result.Manifest!.Dispositions.Conserved);
        Assert.True(result.Manifest.RejectedByReason.GetValueOrDefault(CurationReason.SourceCap) > 0, "the cap must bite on this corpus");
        var report = Gate(release, loaded.Definition.Policy);
        Assert.True(report.Passed, string.Join("\n", report.Failures));
        Assert.Equal(150, ReleaseFiles.Dispositions(release).Count(d => d.GetProperty("source").GetString() == "main" && d.GetProperty("disposition").GetString() == "kept"));

        // The same release against a gate that wants a tighter cap fails.
        Assert.Contains(GateReason.SourceCapExceeded, FailureCodes(Gate(release, loaded.Definition.Policy with { SourceCaps = new() { ["main"] = 100 } })));
    }
}
