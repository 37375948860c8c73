using System.Security.Cryptography;
using System.Text.Json.Nodes;
using ProvenanceGuard.Curation;
using ProvenanceGuard.Provenance.Gate;
using ProvenanceGuard.Provenance.Signing;
using ProvenanceGuard.Tests.Support;

namespace ProvenanceGuard.Tests.Provenance;

/// <summary>
/// The release gate on a real signed release: it passes as written, and every way a user could tamper with the
/// release, or hold it to a stricter policy than it met, fails with its own reason code.
/// </summary>
public class ReleaseGateTests(SignedReleaseFixture fixture) : IClassFixture<SignedReleaseFixture>
{
    private GateReport Gate(string release, CurationPolicy? policy = null, GateOptions? options = null, ECDsa? key = null)
    {
        using var publicKey = SigningKeys.LoadPublic(fixture.PublicKeyPath);
        return ReleaseGate.Check(release, policy ?? fixture.Policy, key ?? publicKey, options);
    }

    private static List<string> FailureCodes(GateReport report) => report.Failures.Select(f => f.Code).Distinct().ToList();

    /// <summary>Every tampering a user could do, and the reason code that must name it.</summary>
    public static readonly Dictionary<string, (string Code, Action<string, SignedReleaseFixture> Tamper)> Tamperings = new()
    {
        ["flip a byte in a shard"] = (GateReason.FileDigestMismatch, (release, _) =>
        {
            var path = Path.Combine(release, "shards", "shard-00001.jsonl.gz");
            var bytes = File.ReadAllBytes(path);
            bytes[bytes.Length / 2] ^= 0x01;
            File.WriteAllBytes(path, bytes);
        }),
        ["edit the manifest"] = (GateReason.ManifestModified, (release, _) =>
            SignedReleaseFixture.EditManifest(release, m => m["dispositions"]!["kept"] = m["dispositions"]!["kept"]!.GetValue<long>() + 1)),
        ["edit the manifest and swap it into the envelope"] = (GateReason.SignatureInvalid, (release, fixture) =>
        {
            SignedReleaseFixture.EditManifest(release, m => m["policy"]!["maxSyntheticShare"] = 0.01);
            var envelope = DsseEnvelope.Read(Path.Combine(release, ManifestSigner.SignatureFile));
            var forged = envelope with { Payload = Convert.ToBase64String(File.ReadAllBytes(Path.Combine(release, "manifest.json"))) };
            File.WriteAllText(Path.Combine(release, ManifestSigner.SignatureFile), System.Text.Json.JsonSerializer.Serialize(forged, DsseEnvelope.JsonOptions));
        }),
        ["drop a shard"] = (GateReason.FileMissing, (release, _) => File.Delete(Path.Combine(release, "shards", "shard-00002.jsonl.gz"))),
        ["add a shard"] = (GateReason.FileUnlisted, (release, _) =>
            File.Copy(Path.Combine(release, "shards", "shard-00000.jsonl.gz"), Path.Combine(release, "shards", "shard-00099.jsonl.gz"))),
        ["rename a shard"] = (GateReason.FileRenamed, (release, _) =>
            File.Move(Path.Combine(release, "shards", "shard-00001.jsonl.gz"), Path.Combine(release, "shards", "shard-00001-renamed.jsonl.gz"))),
        ["sign with another key"] = (GateReason.SignatureUntrustedKey, (release, _) =>
        {
            using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            ManifestSigner.SignRelease(release, other);
        }),
        ["remove the signature"] = (GateReason.SignatureMissing, (release, _) => File.Delete(Path.Combine(release, ManifestSigner.SignatureFile))),
        ["edit a kept text and re-sign"] = (GateReason.ContentHashMismatch, (release, fixture) =>
        {
            SignedReleaseFixture.ForgeShard(release, 0, (row, i) =>
            {
                if (i == 3) row["text"] = row["text"]!.GetValue<string>() + " an inserted sentence.";
                return row;
            });
            ManifestSigner.SignRelease(release, fixture.Key);
        }),
        ["strip lineage from a row and re-sign"] = (GateReason.LineageIncomplete, (release, fixture) =>
        {
            SignedReleaseFixture.ForgeShard(release, 0, (row, i) =>
            {
                if (i == 0) row.Remove("lineage");
                return row;
            });
            ManifestSigner.SignRelease(release, fixture.Key);
        }),
        ["claim fewer flagged rows and re-sign"] = (GateReason.ManifestCompositionMismatch, (release, fixture) =>
        {
            SignedReleaseFixture.EditManifest(release, m => m["shards"]![0]!["flaggedSynthetic"] = 0);
            ManifestSigner.SignRelease(release, fixture.Key);
        }),
        ["drop a disposition line and re-sign"] = (GateReason.ConservationBroken, (release, fixture) =>
        {
            var path = Path.Combine(release, "dispositions.jsonl.gz");
            var droppedKept = false;
            var (sha, bytes, rows) = SignedReleaseFixture.RewriteLines(path, (line, _) =>
            {
                if (droppedKept || line["disposition"]!.GetValue<string>() != "kept") return line;
                droppedKept = true;
                return null;
            });
            SignedReleaseFixture.EditManifest(release, m =>
            {
                m["dispositionsFile"]!["sha256"] = sha;
                m["dispositionsFile"]!["bytes"] = bytes;
                m["dispositionsFile"]!["rows"] = rows;
            });
            ManifestSigner.SignRelease(release, fixture.Key);
        }),
    };

    public static TheoryData<string> TamperingNames => new(Tamperings.Keys);

    [BrownFact]
    public void The_release_as_written_passes()
    {
        using var temp = new TempFolder();
        var report = Gate(fixture.CopyRelease(temp));

        Assert.True(report.Passed, string.Join("\n", report.Failures));
        Assert.Empty(report.Findings);
        Assert.True(report.Signature.Verified);
        var manifest = ReleaseFiles.Manifest(report.Release);
        Assert.Equal(manifest.Shards.Select(s => (s.File, s.Rows, s.FlaggedSynthetic)), report.Shards.Select(s => (s.File, s.Rows, s.FlaggedSynthetic)));
        Assert.Equal(manifest.Dispositions.In, report.Dispositions!.In);
        Assert.True(report.Dispositions.Conserved);
        Assert.True(report.Shards.Count >= 3, "the test release should have several shards");
    }

    [BrownTheory]
    [MemberData(nameof(TamperingNames))]
    public void Each_tampering_fails_with_its_own_reason(string tampering)
    {
        using var temp = new TempFolder();
        var release = fixture.CopyRelease(temp);
        var (code, tamper) = Tamperings[tampering];
        tamper(release, fixture);

        var report = Gate(release);

        Assert.False(report.Passed);
        Assert.Contains(code, FailureCodes(report));
        // The reason is its own: no other tampering's reason code appears.
        var others = Tamperings.Where(t => t.Key != tampering).Select(t => t.Value.Code).ToHashSet();
        Assert.DoesNotContain(FailureCodes(report), others.Contains);
    }

    [BrownFact]
    public void A_stricter_policy_than_the_release_met_fails_with_its_own_reasons()
    {
        using var temp = new TempFolder();
        var release = fixture.CopyRelease(temp);
        var report = Gate(release, fixture.Policy with { MaxSyntheticShare = 0.02 });

        Assert.False(report.Passed);
        Assert.Equal([GateReason.ReleasePolicyLooser, GateReason.SyntheticShareExceeded], FailureCodes(report).Order());
        Assert.Contains(report.Failures, f => f.Code == GateReason.SyntheticShareExceeded && f.Subject.StartsWith("shards/"));
        Assert.DoesNotContain(FailureCodes(report), Tamperings.Values.Select(t => t.Code).Contains);
    }

    [BrownFact]
    public void The_gate_recomputes_composition_at_its_own_threshold_and_rejection_line()
    {
        using var temp = new TempFolder();
        var release = fixture.CopyRelease(temp);
        var strict = fixture.Policy with { SyntheticThreshold = 0.2, RejectAbove = 0.6, MinTextChars = 400 };
        var report = Gate(release, strict);

        var codes = FailureCodes(report);
        Assert.Contains(GateReason.ReleasePolicyLooser, codes);
        Assert.Contains(GateReason.LikelySyntheticKept, codes);
        Assert.Contains(GateReason.TooShortKept, codes);
        Assert.True(report.KeptFlaggedSynthetic > ReleaseFiles.Manifest(release).Shards.Sum(s => s.FlaggedSynthetic),
            "a lower threshold flags more rows than the manifest counted at 0.5");
    }

    [BrownFact]
    public void A_public_key_that_did_not_sign_fails_even_when_the_envelope_names_it()
    {
        using var temp = new TempFolder();
        var release = fixture.CopyRelease(temp);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var report = Gate(release, key: other);
        Assert.Contains(GateReason.SignatureUntrustedKey, FailureCodes(report));

        // Claiming the trusted key's id does not help: the id is a hint, the signature decides.
        var envelope = ManifestSigner.Sign(File.ReadAllBytes(Path.Combine(release, "manifest.json")), other);
        using var trusted = SigningKeys.LoadPublic(fixture.PublicKeyPath);
        var claimed = envelope with { Signatures = [envelope.Signatures[0] with { KeyId = SigningKeys.KeyId(trusted) }] };
        File.WriteAllText(Path.Combine(release, ManifestSigner.SignatureFile), System.Text.Json.JsonSerializer.Serialize(claimed, DsseEnvelope.JsonOptions));
        Assert.Equal([GateReason.SignatureInvalid], FailureCodes(Gate(release)));
    }

    [BrownFact]
    public void The_simulator_verdict_counts_when_present_and_must_cover_the_policy()
    {
        using var temp = new TempFolder();
        var release = fixture.CopyRelease(temp);
        var summary = Path.Combine(release, "simulation", "summary.json");
        Directory.CreateDirectory(Path.GetDirectoryName(summary)!);
        void Write(bool pass, double quota) => File.WriteAllText(summary, new JsonObject
        {
            ["schema_version"] = "1", ["model"] = "gaussian", ["loop"] = "policy",
            ["training"] = new JsonObject { ["synthetic_share"] = quota, ["max_synthetic_share"] = quota },
            ["verdict"] = new JsonObject { ["status"] = pass ? "pass" : "fail", ["pass"] = pass, ["generation"] = 20, ["checks"] = new JsonArray() },
        }.ToJsonString());

        Write(pass: true, quota: fixture.Policy.MaxSyntheticShare);
        var passing = Gate(release);
        Assert.True(passing.Passed, string.Join("\n", passing.Failures));
        Assert.Equal("pass", passing.Simulation!.Status);

        Write(pass: false, quota: fixture.Policy.MaxSyntheticShare);
        Assert.Equal([GateReason.SimulationFailed], FailureCodes(Gate(release)));

        Write(pass: true, quota: fixture.Policy.MaxSyntheticShare / 2);
        Assert.Equal([GateReason.SimulationPolicyMismatch], FailureCodes(Gate(release)));

        File.WriteAllText(summary, "{ not json");
        Assert.Equal([GateReason.SimulationMalformed], FailureCodes(Gate(release)));

        File.Delete(summary);
        Assert.Equal([GateReason.SimulationMissing], FailureCodes(Gate(release, options: new GateOptions { RequireSimulation = true })));
    }

    [BrownFact]
    public void A_manifest_path_outside_the_release_is_refused()
    {
        using var temp = new TempFolder();
        var release = fixture.CopyRelease(temp);
        SignedReleaseFixture.EditManifest(release, m => m["rejected"]!["file"] = "../../etc/passwd");
        ManifestSigner.SignRelease(release, fixture.Key);
        Assert.Contains(GateReason.FilePathInvalid, FailureCodes(Gate(release)));
    }
}
