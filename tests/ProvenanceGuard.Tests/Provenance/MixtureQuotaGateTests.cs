using System.Text.Json;
using System.Text.Json.Nodes;
using ProvenanceGuard.Curation;
using ProvenanceGuard.Pipeline;
using ProvenanceGuard.Provenance.Gate;
using ProvenanceGuard.Provenance.Signing;
using ProvenanceGuard.Tests.Curation;
using ProvenanceGuard.Tests.Support;

namespace ProvenanceGuard.Tests.Provenance;

/// <summary>
/// The gate judges a release curated on the mixture bound by the same seeded bound, recomputed from the shards' rows.
/// Records are dev-set texts scored by the default detector, calibrated on its own card (../shared/data needed).
/// </summary>
public class MixtureQuotaGateTests
{
    /// <summary>A pipeline over 450 human and 150 machine dev texts, shuffled, scored by models/detector-default.json.</summary>
    private static string Corpus(string folder, string quotaBasis)
    {
        var lines = File.ReadLines(SharedResources.DetectDevData!).Select(l => (Line: l, Human: l.Contains("\"label\": \"human\"", StringComparison.Ordinal))).ToList();
        var random = new Random(4);
        var picked = lines.Where(l => l.Human).Take(450).Concat(lines.Where(l => !l.Human).Take(150)).OrderBy(_ => random.Next()).Select(l => l.Line);
        File.WriteAllLines(Path.Combine(folder, "dev-mix.jsonl"), picked);
        var calibration = quotaBasis == "mixtureUpperBound" ? ", \"calibrationModel\": \"models/detector-default.json\"" : "";
        var pipeline = Path.Combine(folder, $"{quotaBasis}.json");
        File.WriteAllText(pipeline, $$"""
            { "name": "mixture-gate", "seed": 7,
              "sources": [ { "name": "dev", "path": "dev-mix.jsonl" } ],
              "steps": [ { "type": "normalize" }, { "type": "detect" }, { "type": "dedup" }, { "type": "quota" } ],
              "policy": { "maxSyntheticShare": 0.10, "syntheticThreshold": 0.5, "minTextChars": 50, "quotaBasis": "{{quotaBasis}}"{{calibration}} },
              "output": { "shardFormat": "jsonl.gz", "shardRows": 200 },
              "detector": { "model": "models/detector-default.json" } }
            """);
        return pipeline;
    }

    [SharedDataTrigramFact]
    public async Task The_gate_passes_what_the_curator_kept_and_fails_a_weaker_calibration_a_tampered_histogram_and_a_looser_release()
    {
        using var folder = new TempFolder();
        var loaded = PipelineLoader.Load(Corpus(folder.Path, "mixtureUpperBound"), []);
        var release = folder.File("release");
        var result = await PipelineRunner.RunAsync(loaded, new RunOptions { OutputDirectory = release });
        var keys = SigningKeys.Generate(folder.File("keys"));
        using (var key = SigningKeys.LoadPrivate(keys.PrivatePath)) ManifestSigner.SignRelease(release, key);
        using var publicKey = SigningKeys.LoadPublic(keys.PublicPath);

        var manifest = result.Manifest!;
        Assert.True(manifest.Dispositions.Conserved);
        Assert.True(manifest.RejectedByReason.GetValueOrDefault(CurationReason.QuotaExceeded) > 0, "the quota must bite on 25% machine text");
        Assert.True(manifest.Dispositions.Kept > 0, "some records are kept");
        var quota = MixtureQuota.Load(loaded.Definition.Policy, loaded.Definition.Seed);
        foreach (var shard in manifest.Shards)
        {
            var counts = new int[quota.Bins.Total];
            long unscored = 0;
            foreach (var row in ReleaseFiles.Lines(Path.Combine(release, shard.File)))
                if (row.TryGetProperty("llr", out var llr)) counts[quota.Bins.Index(llr.GetDouble())]++;
                else unscored++;
            Assert.True(shard.LlrHistogram!.SameAs(counts, quota.Bins, unscored), $"{shard.File}: the manifest states the rows' histogram");
            Assert.True(quota.Upper(counts) <= 0.10 + 1e-9, $"{shard.File}: bound {quota.Upper(counts)}");
        }

        var report = ReleaseGate.Check(release, loaded.Definition.Policy, publicKey);
        Assert.True(report.Passed, string.Join("\n", report.Failures));

        // A gate calibrated on a detector whose machine texts score like human ones cannot vouch for the same rows.
        var weaker = SyntheticCalibration.WriteCard(folder.Path, machineShift: -5, name: "weaker-card.json");
        var stricter = ReleaseGate.Check(release, loaded.Definition.Policy with { CalibrationModel = weaker }, publicKey);
        Assert.Contains(stricter.Failures, f => f.Code == GateReason.SyntheticShareExceeded && f.Message.Contains("upper bound"));

        // A manifest that claims another histogram than the shard holds (re-signed, so only the recount catches it).
        var manifestPath = Path.Combine(release, "manifest.json");
        var node = JsonNode.Parse(File.ReadAllText(manifestPath))!;
        var counts0 = node["shards"]![0]!["llrHistogram"]!["counts"]!.AsArray();
        counts0[1] = counts0[1]!.GetValue<int>() + 1;
        File.WriteAllText(manifestPath, node.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        using (var key = SigningKeys.LoadPrivate(keys.PrivatePath)) ManifestSigner.SignRelease(release, key);
        var tampered = ReleaseGate.Check(release, loaded.Definition.Policy, publicKey);
        Assert.Contains(tampered.Failures, f => f.Code == GateReason.ManifestCompositionMismatch && f.Message.Contains("binned LLRs"));

        // The same corpus curated on the flagged count is a looser release, whatever its shards hold.
        var flaggedRelease = folder.File("flagged");
        await PipelineRunner.RunAsync(PipelineLoader.Load(Corpus(folder.Path, "flagged"), []), new RunOptions { OutputDirectory = flaggedRelease });
        using (var key = SigningKeys.LoadPrivate(keys.PrivatePath)) ManifestSigner.SignRelease(flaggedRelease, key);
        var looser = ReleaseGate.Check(flaggedRelease, loaded.Definition.Policy, publicKey);
        Assert.Contains(looser.Failures, f => f.Code == GateReason.ReleasePolicyLooser && f.Message.Contains("mixtureUpperBound"));
    }

    [SharedDataTrigramFact]
    public async Task The_same_seed_gives_the_same_release_and_the_gate_rejects_a_calibration_card_without_histograms()
    {
        using var folder = new TempFolder();
        var loaded = PipelineLoader.Load(Corpus(folder.Path, "mixtureUpperBound"), []);
        var first = await PipelineRunner.RunAsync(loaded, new RunOptions { OutputDirectory = folder.File("a") });
        var second = await PipelineRunner.RunAsync(loaded, new RunOptions { OutputDirectory = folder.File("b") });
        Assert.Equal(first.Manifest!.Shards.Select(s => s.Sha256), second.Manifest!.Shards.Select(s => s.Sha256));

        var keys = SigningKeys.Generate(folder.File("keys"));
        using (var key = SigningKeys.LoadPrivate(keys.PrivatePath)) ManifestSigner.SignRelease(folder.File("a"), key);
        using var publicKey = SigningKeys.LoadPublic(keys.PublicPath);
        var bare = folder.File("bare.json");
        File.WriteAllText(bare, """{"format": "provenanceguard-detector/1", "card": {"operating_point": {}}}""");
        var error = Assert.Throws<ConfigurationException>(() => ReleaseGate.Check(folder.File("a"), loaded.Definition.Policy with { CalibrationModel = bare }, publicKey));
        Assert.Contains("policy:calibrationModel", error.Message);
    }
}
