using System.CommandLine;

namespace ProvenanceGuard.Cli.Commands;

/// <summary>The list of top-level verbs; one line per verb.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All()
    {
        yield return DetectCommand.Create();
        yield break;
    }
}
