using Spectre.Console;
using System.CommandLine;
using ProvenanceGuard.Cli;
using ProvenanceGuard.Cli.Commands;

// Colour codes only for a terminal: piped output and CI logs get plain text.
if (Console.IsOutputRedirected) AnsiConsole.Profile.Capabilities.Ansi = false;

var root = new RootCommand("provguard: keeps machine-generated text from silently poisoning training data.");
// Each verb lives in Commands/ and registers itself here.
foreach (var command in CommandCatalog.All())
    root.Subcommands.Add(command);

return await CliHost.InvokeAsync(root, args);
