using System.CommandLine;
using ProvenanceGuard.Audit;

namespace ProvenanceGuard.Cli.Commands;

/// <summary><c>provguard audit RELEASE_DIR</c>: writes the release's self-contained report.html.</summary>
internal static class AuditCommand
{
    public static Command Create()
    {
        var release = new Argument<string>("release") { Description = "Release folder" };
        var command = new Command("audit", "Write report.html for a release: totals, rejections, score histograms, shard shares vs quota, duplicates, simulation, gate")
        {
            release,
        };
        command.SetAction(parse => CliHost.Guard(() =>
        {
            var path = AuditReport.Write(parse.GetValue(release)!);
            Console.WriteLine($"wrote {path}");
            return Task.FromResult(ExitCodes.Ok);
        }).GetAwaiter().GetResult());
        return command;
    }
}
