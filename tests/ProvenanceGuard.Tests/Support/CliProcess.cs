using System.Diagnostics;

namespace ProvenanceGuard.Tests.Support;

/// <summary>Runs the real `provguard` program (the built CLI next to the tests) as a separate process.</summary>
public static class CliProcess
{
    public sealed record Outcome(int ExitCode, string Stdout, string Stderr);

    public static Outcome Run(string workingDirectory, params string[] args) => Run(workingDirectory, new Dictionary<string, string>(), args);

    public static Outcome Run(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        RunProgram("dotnet", [Path.Combine(AppContext.BaseDirectory, "provguard.dll"), .. args], workingDirectory, environment, TimeSpan.FromMinutes(3));

    /// <summary>Runs any program to its end (killed, with a <see cref="TimeoutException"/>, after <paramref name="timeout"/>) and collects its output.</summary>
    public static Outcome RunProgram(string program, IEnumerable<string> args, string? workingDirectory, IReadOnlyDictionary<string, string> environment,
        TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (workingDirectory is not null) start.WorkingDirectory = workingDirectory;
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var (key, value) in environment) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', start.ArgumentList)} did not finish in {timeout.TotalSeconds:0} s");
        }
        return new Outcome(process.ExitCode, stdout.Result, stderr.Result);
    }
}
