using System.CommandLine;
using System.Text.Json;

namespace ProvenanceGuard.Cli;

/// <summary>Runs the parsed command line and maps failures to exit codes: 2 for usage or configuration, 3 for data.</summary>
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

    /// <summary>Wraps a verb's body so every known failure prints one clear line and the right exit code, never a stack trace.</summary>
    public static async Task<int> Guard(Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (ConfigurationException e)
        {
            Console.Error.WriteLine("error: " + e.Message);
            return ExitCodes.UsageOrConfig;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or JsonException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine("data error: " + e.Message);
            return ExitCodes.DataError;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("cancelled: the release is incomplete (no manifest.json); run again to finish it");
            return ExitCodes.DataError;
        }
    }
}
