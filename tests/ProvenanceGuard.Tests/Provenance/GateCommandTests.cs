using System.Text.Json;
using ProvenanceGuard.Pipeline.Schema;
using ProvenanceGuard.Provenance.Gate;
using ProvenanceGuard.Tests.Support;

namespace ProvenanceGuard.Tests.Provenance;

/// <summary>`provguard keys generate`, `run --signing-key` and `gate` as a release pipeline's CI job meets them.</summary>
public class GateCommandTests
{
    [BrownFact]
    public void Keys_run_and_gate_pass_end_to_end_then_a_dropped_shard_fails_with_exit_1()
    {
        using var temp = new TempFolder();
        var pipeline = TestCorpus.Write(temp.Path);
        Assert.Equal(0, CliProcess.Run(temp.Path, "keys", "generate", "--out", "keys").ExitCode);
        var run = CliProcess.Run(temp.Path, "run", pipeline, "--out", "release", "--signing-key", "keys/signing.pem");
        Assert.True(run.ExitCode == 0, run.Stderr);

        using (var envelope = JsonDocument.Parse(File.ReadAllBytes(temp.File("release/manifest.sig.json"))))
            Assert.Empty(SchemaCatalog.Load("signature-envelope.schema.json").Validate(envelope.RootElement));

        var gate = CliProcess.Run(temp.Path, "gate", "release", "--policy", pipeline, "--public-key", "keys/signing.pub.pem", "--json");
        Assert.True(gate.ExitCode == 0, gate.Stdout + gate.Stderr);
        using (var report = JsonDocument.Parse(gate.Stdout))
        {
            Assert.Empty(SchemaCatalog.Load("gate-report.schema.json").Validate(report.RootElement));
            Assert.True(report.RootElement.GetProperty("passed").GetBoolean());
        }

        File.Delete(temp.File("release/shards/shard-00000.jsonl.gz"));
        var failed = CliProcess.Run(temp.Path, "gate", "release", "--policy", pipeline, "--public-key", "keys/signing.pub.pem");
        Assert.Equal(1, failed.ExitCode);
        Assert.Contains(GateReason.FileMissing, failed.Stdout);
        Assert.Contains("shard-00000", failed.Stdout);
    }

    [BrownFact]
    public void The_key_can_come_from_configuration_and_an_unsigned_rerun_leaves_no_stale_signature()
    {
        using var temp = new TempFolder();
        var pipeline = TestCorpus.Write(temp.Path, records: 200);
        CliProcess.Run(temp.Path, "keys", "generate", "--out", "keys");
        var signed = CliProcess.Run(temp.Path, new Dictionary<string, string> { ["PROVGUARD__Signing__Key"] = "keys/signing.pem" }, "run", pipeline, "--out", "release");
        Assert.True(signed.ExitCode == 0, signed.Stderr);
        Assert.True(File.Exists(temp.File("release/manifest.sig.json")));

        Assert.Equal(0, CliProcess.Run(temp.Path, "run", pipeline, "--out", "release").ExitCode);
        Assert.False(File.Exists(temp.File("release/manifest.sig.json")), "a signature over the previous run's manifest must not survive");
        var gate = CliProcess.Run(temp.Path, "gate", "release", "--policy", pipeline, "--public-key", "keys/signing.pub.pem", "--json");
        Assert.Equal(1, gate.ExitCode);
        Assert.Contains(GateReason.SignatureMissing, gate.Stdout);
    }

    [Fact]
    public void A_missing_key_or_release_is_a_usage_error()
    {
        using var temp = new TempFolder();
        var pipeline = temp.Write("p.json", """{ "name": "p", "sources": [ { "name": "a", "path": "a.jsonl" } ], "steps": [] }""");
        var noKey = CliProcess.Run(temp.Path, "gate", temp.Path, "--policy", pipeline, "--public-key", "absent.pem");
        Assert.Equal(2, noKey.ExitCode);
        Assert.Contains("absent.pem", noKey.Stderr);

        CliProcess.Run(temp.Path, "keys", "generate", "--out", "keys");
        var noRelease = CliProcess.Run(temp.Path, "gate", "nowhere", "--policy", pipeline, "--public-key", "keys/signing.pub.pem");
        Assert.Equal(2, noRelease.ExitCode);
        Assert.Contains("nowhere", noRelease.Stderr);

        var badSigningKey = CliProcess.Run(temp.Path, "run", pipeline, "--signing-key", "keys/signing.pub.pem");
        Assert.Equal(2, badSigningKey.ExitCode);
        Assert.Contains("private key", badSigningKey.Stderr);
    }
}
