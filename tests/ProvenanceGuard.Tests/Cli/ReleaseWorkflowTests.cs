using ProvenanceGuard.Tests.Support;

namespace ProvenanceGuard.Tests.Cli;

/// <summary>A release from start to gate the way a team runs it: keys, a signed run, the simulator, the gate, the audit report.</summary>
public class ReleaseWorkflowTests
{
    [BrownFact]
    public void Keys_signed_demo_simulation_gate_and_audit_work_together()
    {
        using var temp = new TempFolder();
        Assert.Equal(0, CliProcess.Run(temp.Path, "keys", "generate", "--out", "keys").ExitCode);
        var demo = CliProcess.Run(temp.Path, "demo", "--out", "release", "--signing-key", "keys/signing.pem");
        Assert.True(demo.ExitCode == 0, demo.Stderr);
        Assert.True(File.Exists(temp.File("release/manifest.sig.json")));

        var pipeline = ProjectPaths.Require("pipelines/demo.json", "demo pipeline");
        var simulate = CliProcess.Run(temp.Path, "simulate", "--pipeline", pipeline, "--model", "zipf", "--generations", "10", "--chains", "20",
            "--seed", "3", "--out", "release/simulation");
        Assert.True(simulate.ExitCode is 0 or 1, simulate.Stderr);

        var gate = CliProcess.Run(temp.Path, "gate", "release", "--policy", pipeline, "--public-key", "keys/signing.pub.pem", "--report", "release/gate.json");
        Assert.True(gate.ExitCode is 0 or 1, gate.Stderr);
        Assert.True(File.Exists(temp.File("release/gate.json")));

        Assert.Equal(0, CliProcess.Run(temp.Path, "audit", "release").ExitCode);
        var html = File.ReadAllText(temp.File("release/report.html"));
        Assert.Contains("\"passed\"", html.Replace("&quot;", "\""));
        Assert.DoesNotContain("The gate has not been run", html);
        Assert.DoesNotContain("No simulation in this release", html);
        Assert.Contains("<figure class=\"simulation\">", html);
    }
}
