using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ProvenanceGuard.Lineage;
using Spectre.Console;

namespace ProvenanceGuard.Cli.Commands;

/// <summary><c>provguard lineage load|trace|shard|source|diff</c>: questions about where records came from and what happened to them.</summary>
internal static class LineageCommand
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static Command Create()
    {
        var command = new Command("lineage", "Query a release's lineage store (its lineage.db, or a shared PostgreSQL store with --store)");
        command.Subcommands.Add(Load());
        command.Subcommands.Add(Trace());
        command.Subcommands.Add(Shard());
        command.Subcommands.Add(Source());
        command.Subcommands.Add(Diff());
        return command;
    }

    private static Option<string> Release() => new("--release", "-r") { Description = "Release folder", DefaultValueFactory = _ => "." };

    /// <summary>The shared store's connection string; the same configuration key a pipeline uses, so a run and its queries agree.</summary>
    private static Option<string?> Store() => new("--store")
    {
        Description = "PostgreSQL connection string of a shared lineage store (default: environment PROVGUARD__Lineage__ConnectionString; none: the release's lineage.db)",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("PROVGUARD__Lineage__ConnectionString"),
    };

    private static ILineageQueries Open(ParseResult parse, Option<string> release, Option<string?> store) =>
        LineageStores.Open(parse.GetValue(release)!, new LineageStoreOptions { ConnectionString = parse.GetValue(store) });

    private static Command Load()
    {
        var release = new Argument<string>("release") { Description = "Release folder" };
        var store = Store();
        var command = new Command("load", "(Re)build lineage.db from the release's manifest and dispositions, or load them into the shared store") { release, store };
        command.SetAction(parse => Run(() =>
        {
            var result = LineageWriters.Create(new LineageStoreOptions { ConnectionString = parse.GetValue(store) }).Load(parse.GetValue(release)!);
            Console.WriteLine($"{result.Database}: {result.Records:N0} records, {result.Events:N0} events in {result.Elapsed.TotalSeconds:N1} s ({result.RecordsPerSecond:N0} records/s)");
        }));
        return command;
    }

    private static Command Trace()
    {
        var key = new Argument<string>("id-or-sha256") { Description = "A record id or a content SHA-256" };
        var release = Release();
        var store = Store();
        var json = CommonOptions.Json();
        var command = new Command("trace", "Where a record came from, every stage event, its disposition and its duplicates") { key, release, json, store };
        command.SetAction(parse => Run(() =>
        {
            using var lineage = Open(parse, release, store);
            var records = lineage.Trace(parse.GetValue(key)!);
            if (records.Count == 0) throw new ConfigurationException($"no record with id or content hash '{parse.GetValue(key)}'");
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(records, Json));
                return;
            }
            foreach (var r in records)
            {
                var table = new Table().Border(TableBorder.Rounded).AddColumn("").AddColumn("");
                table.ShowHeaders = false;
                table.Title = new TableTitle(Markup.Escape(r.Id));
                table.AddRow("source", Markup.Escape($"{r.Source} ({string.Join(", ", r.InputPaths)})"));
                table.AddRow("origin", Markup.Escape($"{r.OriginFile} line {r.OriginLine}, byte {r.OriginOffset}"));
                table.AddRow("content sha256", r.ContentSha256);
                table.AddRow("p(machine)", r.PMachine?.ToString("0.####", CultureInfo.InvariantCulture) ?? "not scored");
                if (r.PSynthetic is { } fused) table.AddRow("p(synthetic), fused", fused.ToString("0.####", CultureInfo.InvariantCulture));
                table.AddRow("disposition", Markup.Escape(r.Disposition switch
                {
                    "kept" => $"kept in {r.Shard}, row {r.Row}",
                    "duplicate" => $"duplicate of {r.DuplicateOf}",
                    _ => $"rejected: {r.Reason}",
                }));
                foreach (var e in r.Events) table.AddRow(Markup.Escape($"  {e.Stage} {e.Version}"), Markup.Escape($"{e.Decision}  [params {e.ParametersHash}]"));
                table.AddRow("duplicates", Markup.Escape(r.Duplicates.Count == 0 ? "none" : string.Join(", ", r.Duplicates)));
                AnsiConsole.Write(table);
            }
        }));
        return command;
    }

    private static Command Shard()
    {
        var file = new Argument<string>("shard") { Description = "Shard file, e.g. shards/shard-00000.jsonl.gz" };
        var release = Release();
        var store = Store();
        var json = CommonOptions.Json();
        var command = new Command("shard", "What a shard is made of") { file, release, json, store };
        command.SetAction(parse => Run(() =>
        {
            using var lineage = Open(parse, release, store);
            var shard = lineage.Shard(parse.GetValue(file)!.Replace('\\', '/'));
            if (parse.GetValue(json)) { Console.WriteLine(JsonSerializer.Serialize(shard, Json)); return; }
            var table = new Table().Border(TableBorder.Rounded).AddColumn("source").AddColumn(new TableColumn("rows").RightAligned());
            table.Title = new TableTitle(Markup.Escape($"{shard.Shard}: {shard.Rows:N0} rows, {shard.FlaggedSynthetic:N0} flagged synthetic"));
            foreach (var (source, rows) in shard.RowsBySource) table.AddRow(Markup.Escape(source), rows.ToString("N0"));
            AnsiConsole.Write(table);
        }));
        return command;
    }

    private static Command Source()
    {
        var name = new Argument<string>("source") { Description = "Source name from the pipeline" };
        var release = Release();
        var store = Store();
        var json = CommonOptions.Json();
        var command = new Command("source", "What became of one source's records, and its synthetic share") { name, release, json, store };
        command.SetAction(parse => Run(() =>
        {
            using var lineage = Open(parse, release, store);
            var summary = lineage.Source(parse.GetValue(name)!);
            if (parse.GetValue(json)) { Console.WriteLine(JsonSerializer.Serialize(summary, Json)); return; }
            var table = new Table().Border(TableBorder.Rounded).AddColumn("").AddColumn(new TableColumn("").RightAligned());
            table.ShowHeaders = false;
            table.Title = new TableTitle(Markup.Escape($"source {summary.Source}: {summary.Records:N0} records"));
            foreach (var (disposition, count) in summary.ByDisposition) table.AddRow(disposition, count.ToString("N0"));
            foreach (var (reason, count) in summary.RejectedByReason) table.AddRow(Markup.Escape("  " + reason), count.ToString("N0"));
            table.AddRow("synthetic share of kept", summary.SyntheticShareKept is { } s ? (s * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "n/a");
            AnsiConsole.Write(table);
        }));
        return command;
    }

    private static Command Diff()
    {
        var older = new Argument<string>("release-a") { Description = "The older release" };
        var newer = new Argument<string>("release-b") { Description = "The newer release" };
        var json = CommonOptions.Json();
        var store = Store();
        var command = new Command("diff", "What entered and what left between two releases, and why") { older, newer, json, store };
        command.SetAction(parse => Run(() =>
        {
            using var lineage = LineageStores.Open(parse.GetValue(newer)!, new LineageStoreOptions { ConnectionString = parse.GetValue(store) });
            var diff = lineage.Diff(parse.GetValue(older)!);
            if (parse.GetValue(json)) { Console.WriteLine(JsonSerializer.Serialize(diff, Json)); return; }
            Console.WriteLine($"kept: {diff.KeptBefore:N0} → {diff.KeptAfter:N0}; entered {diff.Entered.Count:N0}, left {diff.Left.Count:N0}");
            foreach (var e in diff.Entered.Take(50)) Console.WriteLine($"  + {e.Id} [{e.Source}] {e.Why}");
            foreach (var e in diff.Left.Take(50)) Console.WriteLine($"  - {e.Id} [{e.Source}] {e.Why}");
            if (diff.Entered.Count > 50 || diff.Left.Count > 50) Console.WriteLine("  (first 50 of each; --json lists all)");
        }));
        return command;
    }

    private static int Run(Action body) => CliHost.Guard(() =>
    {
        body();
        return Task.FromResult(ExitCodes.Ok);
    }).GetAwaiter().GetResult();
}
