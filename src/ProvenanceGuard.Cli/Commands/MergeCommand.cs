using System.CommandLine;
using ProvenanceGuard.Cli.Output;
using ProvenanceGuard.Pipeline;

namespace ProvenanceGuard.Cli.Commands;

/// <summary><c>provguard merge DIR</c>: decides and emits one release from the outputs of all tasks of a partitioned run.</summary>
internal static class MergeCommand
{
    public static Command Create()
    {
        var directory = new Argument<string>("release") { Description = "The release folder the tasks wrote into (--out of provguard run)" };
        var json = CommonOptions.Json();
        var signingKey = SigningKeyOption.Create();
        var command = new Command("merge", "Combine the task outputs of a partitioned run (--rank/--world) into one release") { directory, json, signingKey };
        command.SetAction((parse, cancellation) => CliHost.Guard(async () =>
        {
            var asJson = parse.GetValue(json);
            using var key = SigningKeyOption.Resolve(parse.GetValue(signingKey), new PipelineDefinition());
            var result = await PipelineRunner.MergeAsync(parse.GetValue(directory)!, new RunOptions { OutputDirectory = parse.GetValue(directory)! }, cancellation);
            SigningKeyOption.SignIfKey(key, result, asJson);
            SummaryPrinter.Print(RunSummary.From("merge", result), asJson);
            return result.Manifest is { Dispositions.Conserved: false } ? ExitCodes.PolicyFailure : ExitCodes.Ok;
        }));
        return command;
    }
}
