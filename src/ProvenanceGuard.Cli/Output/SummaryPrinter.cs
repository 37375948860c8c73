using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace ProvenanceGuard.Cli.Output;

/// <summary>Prints a run summary as a table for people, or as JSON for scripts.</summary>
internal static class SummaryPrinter
{
    public static void Print(RunSummary summary, bool json)
    {
        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(summary, RunSummary.JsonOptions));
            return;
        }

        var table = new Table().Border(TableBorder.Rounded).AddColumn("").AddColumn(new TableColumn("").RightAligned());
        table.Title = new TableTitle($"{summary.Command}: {summary.Pipeline ?? "task"} → {summary.Release}");
        table.ShowHeaders = false;
        if (summary.Dispositions is { } d)
        {
            table.AddRow("records in", N(d.In));
            table.AddRow("kept", N(d.Kept));
            table.AddRow("rejected", N(d.Rejected));
            foreach (var (reason, count) in summary.RejectedByReason ?? new Dictionary<string, long>())
                table.AddRow($"  {Markup.Escape(reason)}", N(count));
            table.AddRow("duplicates", N(d.Duplicate));
            table.AddRow("in = kept + rejected + duplicate", d.Conserved ? "[green]holds[/]" : "[red]VIOLATED[/]");
        }
        if (summary.SyntheticShare is { } s)
        {
            table.AddRow($"flagged synthetic (p ≥ {s.Threshold:0.##}) before quota", Pct(s.Before));
            table.AddRow("flagged synthetic after quota", Pct(s.After));
            if (s.DetectorLengths is { Scored: > 0 } lengths)
                table.AddRow($"scored texts outside the detector's training lengths ({lengths.LowWords}-{lengths.HighWords} words)",
                    $"{Pct((double)lengths.Outside / lengths.Scored)} of {N(lengths.Scored)}");
        }
        if (summary.DemoTruth is { } t)
        {
            table.AddRow("true machine share in (by construction)", Pct(t.MachineShareIn));
            table.AddRow("true machine share kept", Pct(t.MachineShareKept));
            table.AddRow("injected exact / near duplicates, broken records", $"{t.ExactDuplicatesInjected} / {t.NearDuplicatesInjected}, {t.BrokenRecordsInjected}");
            table.AddRow("watermark found (z ≥ 4) in generated / human docs", $"{t.MachineWatermarkHits} of {t.MachineDocuments} / {t.HumanWatermarkHits} of {t.HumanDocuments}");
        }
        if (summary.Task is { } task)
        {
            table.AddRow("task", $"rank {task.Rank} of {task.World}");
            table.AddRow("splits written / already done", task.SkippedBecauseComplete ? "none: the task had already finished" : $"{task.SplitsWritten} / {task.SplitsSkipped}");
            table.AddRow("records tagged", N(task.Records));
        }
        table.AddRow("shards written", N(summary.Shards));
        table.AddRow("input", $"{summary.InputBytes / 1e6:N1} MB in {summary.Seconds:N1} s");
        table.AddRow("throughput", $"{summary.MegabytesPerSecond:N1} MB/s, {summary.RecordsPerSecond:N0} records/s");
        table.AddRow("peak memory", $"{summary.PeakMemoryBytes / 1e6:N0} MB");
        if (summary.Lineage is { } l) table.AddRow(Markup.Escape(l.Store.StartsWith("postgresql://", StringComparison.Ordinal) ? l.Store : "lineage.db"),
            $"{l.Records:N0} records in {l.Seconds:N1} s ({l.RecordsPerSecond:N0}/s)");
        AnsiConsole.Write(table);
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
    private static string Pct(double? value) => value is { } v ? (v * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "n/a";
}
