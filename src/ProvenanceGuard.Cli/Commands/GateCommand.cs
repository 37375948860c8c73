using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ProvenanceGuard.Pipeline;
using ProvenanceGuard.Provenance.Gate;
using ProvenanceGuard.Provenance.Signing;
using Spectre.Console;

namespace ProvenanceGuard.Cli.Commands;

/// <summary>
/// <c>provguard gate RELEASE --policy PIPELINE --public-key K</c>: the release gate a CI job runs. Exit 0 when the
/// release is what its signed manifest says and meets the policy, 1 with the reasons when not.
/// </summary>
internal static class GateCommand
{
    public static Command Create()
    {
        var release = new Argument<string>("release") { Description = "The release folder (manifest.json, manifest.sig.json, shards/, ...)" };
        var policy = new Option<string>("--policy") { Description = "Pipeline file whose policy the release must meet", Required = true };
        var publicKey = new Option<string>("--public-key") { Description = "The trusted signer's public key (signing.pub.pem)", Required = true };
        var simulation = new Option<string?>("--simulation") { Description = $"The collapse simulator's summary.json (default: RELEASE/{GateOptions.DefaultSimulationSummary} when present)" };
        var requireSimulation = new Option<bool>("--require-simulation") { Description = "Fail when no simulator summary is found" };
        var json = new Option<bool>("--json") { Description = "Print the gate report as JSON on stdout (schema: schemas/gate-report.schema.json)" };
        var reportFile = new Option<string?>("--report") { Description = "Also write the JSON report to this file (RELEASE/gate.json is shown by provguard audit)" };
        var set = CommonOptions.Set();
        var command = new Command("gate", "Check a release against its signed manifest and a policy; exit 0 pass, 1 fail")
        {
            release, policy, publicKey, simulation, requireSimulation, json, reportFile, set,
        };
        command.SetAction(parse => CliHost.Guard(() =>
        {
            var loaded = PipelineLoader.Load(parse.GetValue(policy)!, commandLine: CommonOptions.Overrides(parse.GetValue(set)));
            using var key = SigningKeys.LoadPublic(parse.GetValue(publicKey)!);
            var report = ReleaseGate.Check(Path.GetFullPath(parse.GetValue(release)!), loaded.Definition.Policy, key, new GateOptions
            {
                SimulationSummary = parse.GetValue(simulation) is { } s ? Path.GetFullPath(s) : null,
                RequireSimulation = parse.GetValue(requireSimulation),
            });
            if (parse.GetValue(reportFile) is { } file) File.WriteAllText(file, JsonSerializer.Serialize(report, GateReport.JsonOptions));
            if (parse.GetValue(json)) Console.Out.WriteLine(JsonSerializer.Serialize(report, GateReport.JsonOptions));
            else Print(report);
            return Task.FromResult(report.Passed ? ExitCodes.Ok : ExitCodes.PolicyFailure);
        }).GetAwaiter().GetResult());
        return command;
    }

    private static void Print(GateReport report)
    {
        var console = AnsiConsole.Console;
        var p = report.Policy;
        var rejectAbove = p.RejectAbove is { } r ? ", rejectAbove " + r.ToString(CultureInfo.InvariantCulture) : "";
        console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"release {report.Release}: policy maxSyntheticShare {p.MaxSyntheticShare}, syntheticThreshold {p.SyntheticThreshold}{rejectAbove}, minTextChars {p.MinTextChars}")));
        console.MarkupLine(report.Signature switch
        {
            { Verified: true } s => $"signature: [green]verified[/] (key {s.KeyId})",
            { Present: true } => "signature: [red]does not verify[/]",
            _ => "signature: [red]missing[/]",
        });
        if (report.Shards.Count > 0)
        {
            var shards = new Table().AddColumn("shard").AddColumn(new TableColumn("rows").RightAligned()).AddColumn(new TableColumn("flagged").RightAligned())
                .AddColumn(new TableColumn("share").RightAligned()).AddColumn(new TableColumn("mean P(machine)").RightAligned());
            foreach (var s in report.Shards)
                shards.AddRow(Markup.Escape(s.File), s.Rows.ToString("N0", CultureInfo.InvariantCulture), s.FlaggedSynthetic.ToString("N0", CultureInfo.InvariantCulture),
                    s.SyntheticShare?.ToString("P2", CultureInfo.InvariantCulture) ?? "-", s.MeanPMachine?.ToString("0.###", CultureInfo.InvariantCulture) ?? "-");
            console.Write(shards);
        }
        if (report.Dispositions is { } d)
            console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                $"dispositions (recounted): in {d.In:N0} = kept {d.Kept:N0} + rejected {d.Rejected:N0} + duplicate {d.Duplicate:N0}")));
        if (report.Simulation is { } sim) console.MarkupLine(Markup.Escape($"simulator verdict: {sim.Status} ({sim.File})"));
        if (report.Findings.Count > 0)
        {
            var reasons = new Table().AddColumn("").AddColumn("reason").AddColumn("subject").AddColumn("detail");
            foreach (var f in report.Findings)
                reasons.AddRow(f.Fails ? "[red]FAIL[/]" : "[grey]note[/]", Markup.Escape(f.Code), Markup.Escape(f.Subject), Markup.Escape(f.Message));
            console.Write(reasons);
        }
        console.MarkupLine(report.Passed ? "gate: [green]PASS[/]" : $"gate: [red]FAIL[/] ({report.Failures.Count()} reason(s))");
    }
}
