using System.CommandLine;

namespace ProvenanceGuard.Cli;

/// <summary>Runs the parsed command line and maps parse errors to the usage exit code.</summary>
public static class CliHost
{
    public static async Task<int> InvokeAsync(RootCommand root, string[] args)
    {
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) Console.Error.WriteLine("error: " + error.Message);
            Console.Error.WriteLine("Run with --help for usage.");
            return ExitCodes.UsageOrConfig;
        }
        return await parse.InvokeAsync();
    }
}
