using System.CommandLine;
using ProvenanceGuard.Cli.Output;
using ProvenanceGuard.Pipeline;

namespace ProvenanceGuard.Cli.Commands;

/// <summary><c>provguard run PIPELINE</c>: runs a pipeline (or one task of a partitioned run) into a release folder.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var pipeline = new Argument<string>("pipeline") { Description = "Pipeline file (pipelines/*.json)" };
        var inputs = new Option<string[]>("--input", "-i")
        {
            Description = "Replace the pipeline's sources with these files or folders (format from the extension; repeatable)",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var output = new Option<string?>("--out", "-o") { Description = "Release folder (default: the pipeline's output.directory, else out/<pipeline name>)" };
        var rank = new Option<int?>("--rank") { Description = "This task's rank in [0, world) (default: SLURM_ARRAY_TASK_ID, JOB_COMPLETION_INDEX, or 0)" };
        var world = new Option<int?>("--world") { Description = "Number of tasks (default: SLURM_ARRAY_TASK_COUNT, or 1)" };
        var json = CommonOptions.Json();
        var set = CommonOptions.Set();
        var signingKey = SigningKeyOption.Create();
        var command = new Command("run", "Run a pipeline: ingest, tag, decide and emit a release (shards, rejected records, manifest)")
        {
            pipeline, inputs, output, rank, world, json, set, signingKey,
        };
        command.SetAction((parse, cancellation) => CliHost.Guard(async () =>
        {
            var loaded = PipelineLoader.Load(parse.GetValue(pipeline)!, commandLine: CommonOptions.Overrides(parse.GetValue(set)));
            using var key = SigningKeyOption.Resolve(parse.GetValue(signingKey), loaded.Definition);
            loaded = PipelineLoader.WithInputs(loaded, parse.GetValue(inputs) ?? []);
            var partition = TaskPartition.Resolve(parse.GetValue(rank), parse.GetValue(world), Environment.GetEnvironmentVariable);
            var directory = parse.GetValue(output) ?? loaded.Definition.Output.Directory ?? Path.Combine("out", loaded.Definition.Name);
            var asJson = parse.GetValue(json);

            var result = await ProgressDisplay.RunAsync(loaded.Definition.Name, asJson, progress =>
                PipelineRunner.RunAsync(loaded, new RunOptions
                {
                    OutputDirectory = directory, Rank = partition.Rank, World = partition.World, Progress = progress,
                }, cancellation));

            var task = partition.World > 1
                ? new TaskSummary(partition.Rank, partition.World, result.SkippedBecauseComplete, result.SplitsWritten, result.SplitsSkipped, result.Records)
                : null;
            SigningKeyOption.SignIfKey(key, result, asJson);
            SummaryPrinter.Print(RunSummary.From("run", result, task), asJson);
            if (task is not null && !asJson)
                Console.Error.WriteLine(result.SkippedBecauseComplete
                    ? $"task {partition.Rank} of {partition.World} was already complete; nothing to do"
                    : $"task {partition.Rank} of {partition.World} done; when all tasks are done: provguard merge {directory}");
            return result.Manifest is { Dispositions.Conserved: false } ? ExitCodes.PolicyFailure : ExitCodes.Ok;
        }));
        return command;
    }
}
