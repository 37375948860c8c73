using System.CommandLine;

namespace ProvenanceGuard.Cli.Commands;

/// <summary>Options several verbs share, defined once so they read the same everywhere.</summary>
internal static class CommonOptions
{
    public static Option<bool> Json() => new("--json") { Description = "Print a JSON summary on stdout (schema: schemas/run-summary.schema.json); logs go to stderr" };

    public static Option<string[]> Set() => new("--set")
    {
        Description = "Override a configuration key, e.g. --set policy:maxSyntheticShare=0.2 (repeatable; beats appsettings.json, the pipeline and PROVGUARD__ variables)",
        Arity = ArgumentArity.ZeroOrMore,
    };

    /// <summary>Turns --set KEY=VALUE pairs into configuration entries, naming the bad one.</summary>
    public static Dictionary<string, string?> Overrides(IEnumerable<string>? pairs)
    {
        var result = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in pairs ?? [])
        {
            var eq = pair.IndexOf('=');
            if (eq <= 0) throw new ConfigurationException($"--set {pair}: expected KEY=VALUE, e.g. policy:maxSyntheticShare=0.2");
            result[pair[..eq].Replace("__", ":").Replace('.', ':')] = pair[(eq + 1)..];
        }
        return result;
    }
}
