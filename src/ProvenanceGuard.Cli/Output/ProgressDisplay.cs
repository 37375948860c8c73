using ProvenanceGuard.Pipeline;
using Spectre.Console;

namespace ProvenanceGuard.Cli.Output;

/// <summary>
/// Shows a long run's progress: a live bar with records/s, MB/s and ETA on a terminal; otherwise a plain
/// log line on stderr every few seconds, so CI logs and pipes stay readable.
/// </summary>
internal static class ProgressDisplay
{
    public static async Task<T> RunAsync<T>(string title, bool quiet, Func<IProgress<RunProgress>, Task<T>> work)
    {
        var interactive = !quiet && !Console.IsOutputRedirected && !Console.IsErrorRedirected && AnsiConsole.Profile.Capabilities.Interactive;
        if (!interactive) return await work(new LogLines(title));

        T result = default!;
        await AnsiConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(title, maxValue: 1);
                result = await work(new Progress<RunProgress>(p =>
                {
                    task.MaxValue = Math.Max(1, p.TotalInputBytes);
                    task.Value = Math.Min(task.MaxValue, p.InputBytes);
                    var eta = p.Remaining is { } r ? $", ETA {r:hh\\:mm\\:ss}" : "";
                    task.Description = $"{title}: {p.Records:N0} records, {p.RecordsPerSecond:N0} rec/s, {p.MegabytesPerSecond:N1} MB/s{eta}";
                }));
                task.Value = task.MaxValue;
            });
        return result;
    }

    private sealed class LogLines(string title) : IProgress<RunProgress>
    {
        private TimeSpan _lastReport = TimeSpan.Zero;

        public void Report(RunProgress p)
        {
            if (p.Elapsed - _lastReport < TimeSpan.FromSeconds(5)) return;
            _lastReport = p.Elapsed;
            var eta = p.Remaining is { } r ? $", ETA {r:hh\\:mm\\:ss}" : "";
            Console.Error.WriteLine($"[{p.Elapsed:hh\\:mm\\:ss}] {title}: {p.Records:N0} records, {p.RecordsPerSecond:N0} rec/s, {p.MegabytesPerSecond:N1} MB/s{eta}");
        }
    }
}
