using System.CommandLine;

namespace ProvenanceGuard.Cli.Commands;

/// <summary>The list of top-level verbs; one line per verb.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All()
    {
        yield return DemoCommand.Create();
        yield return RunCommand.Create();
        yield return MergeCommand.Create();
        yield return DetectCommand.Create();
        yield return BaselineCommand.Create();
        yield return LineageCommand.Create();
        yield return AuditCommand.Create();
        yield return ExportCommand.Create();
        yield return SimulateCommand.Create();
        yield return KeysCommand.Create();
        yield return GateCommand.Create();
        yield return WatermarkCommand.Create();
        yield return PrevalenceCommand.Create();
        yield return SlurmCommand.Create();
    }
}
