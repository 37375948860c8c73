using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ProvenanceGuard.Formats.Parquet;

namespace ProvenanceGuard.Bench.Parquet;

/// <summary>
/// Macro bench for the Parquet codec on the same ~N GB of text: our ZSTD write and our read of the text column versus
/// DuckDB's COPY ... (FORMAT parquet, COMPRESSION zstd) and DuckDB's read of the same column. Run with
/// <c>dotnet run -c Release --project bench/ProvenanceGuard.Bench -- parquet --gb 1</c>.
/// </summary>
public static class ParquetBench
{
    public static int Run(string[] args)
    {
        var gb = 1.0;
        string? workDirectory = null;
        var keep = false;
        var reps = 3;
        var options = new ParquetWriterOptions { Compression = ParquetCompression.Zstd };
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--gb": gb = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--work": workDirectory = args[++i]; break;
                case "--keep": keep = true; break;
                case "--reps": reps = Math.Max(1, int.Parse(args[++i], CultureInfo.InvariantCulture)); break;
                case "--page-kb": options = options with { PageBytes = int.Parse(args[++i], CultureInfo.InvariantCulture) << 10 }; break;
                case "--zstd-level": options = options with { ZstdLevel = int.Parse(args[++i], CultureInfo.InvariantCulture) }; break;
                default:
                    Console.Error.WriteLine($"unknown option {args[i]}; usage: parquet [--gb 1] [--reps 3] [--page-kb 8192] [--zstd-level 3] [--work DIR] [--keep]");
                    return 2;
            }
        }
        var root = FindRepositoryRoot();
        workDirectory ??= Path.Combine(Path.GetTempPath(), "pg-parquet-bench-" + Environment.ProcessId);
        Directory.CreateDirectory(workDirectory);
        try
        {
            Measure(root, workDirectory, (long)(gb * 1e9), options, reps);
            return 0;
        }
        finally
        {
            if (!keep) Directory.Delete(workDirectory, recursive: true);
        }
    }

    private static void Measure(string root, string work, long targetBytes, ParquetWriterOptions options, int reps)
    {
        Console.WriteLine($"generating {targetBytes / 1e9:F2} GB of text ...");
        var (docs, textBytes, origin) = ParquetBenchDocuments.Generate(root, targetBytes, seed: 42);
        Console.WriteLine($"{docs.Count:N0} documents, {textBytes / 1e6:N0} MB of UTF-8 text from {origin}");

        var jsonl = Path.Combine(work, "docs.jsonl");
        using (var w = new StreamWriter(jsonl))
            for (var i = 0; i < docs.Count; i++) w.WriteLine(JsonSerializer.Serialize(new { id = i, text = docs[i] }));

        var ours = Path.Combine(work, "ours.parquet");
        var duck = Path.Combine(work, "duckdb.parquet");

        // Our write: id + text, ZSTD (level 3, DuckDB's default level too), default row-group and page sizes.
        var columns = new[] { ParquetColumnSpec.Int64("id", required: true), ParquetColumnSpec.String("text", required: true) };
        var ourWrites = new List<double>();
        for (var rep = 0; rep < reps; rep++)
        {
            var sw = Stopwatch.StartNew();
            using (var writer = new ParquetFileWriter(new FileStream(ours, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20), columns, options))
            {
                for (var i = 0; i < docs.Count; i++)
                {
                    writer.WriteInt64(0, i);
                    writer.WriteString(1, docs[i]);
                    writer.EndRow();
                }
                writer.Finish();
            }
            ourWrites.Add(sw.Elapsed.TotalSeconds);
            GC.Collect();
        }
        var ourWrite = Median(ourWrites);
        docs.Clear();
        docs.TrimExcess();
        GC.Collect();

        Console.WriteLine("DuckDB: loading the same documents, then timing its COPY and reads ...");
        var ourSum = Path.Combine(work, "duck-reads-ours.jsonl");
        var duckSum = Path.Combine(work, "duck-reads-duck.jsonl");
        var jobs = new List<DuckDbProcess.Job>
        {
            new($"CREATE TABLE docs AS SELECT * FROM read_json({DuckDbProcess.Quote(jsonl)}, format = 'newline_delimited', columns = {{id: 'BIGINT', text: 'VARCHAR'}}, maximum_object_size = 104857600)"),
        };
        for (var rep = 0; rep < reps; rep++) jobs.Add(new($"COPY docs TO {DuckDbProcess.Quote(duck)} (FORMAT parquet, COMPRESSION zstd)", Timing: true));
        var timings = DuckDbProcess.Run(root, jobs, work);
        var duckWrite = Median(Enumerable.Range(1, reps).Select(j => timings[j] / 1000));

        // Reads alternate between DuckDB and us, repetition by repetition, so both see the same background load.
        var duckReadsOfDuck = new List<double>();
        var duckReadsOfOurs = new List<double>();
        var ourReads = new List<(double Seconds, long Bytes)>();
        var ourReadsOfDuck = new List<(double Seconds, long Bytes)>();
        for (var rep = 0; rep < reps; rep++)
        {
            var reads = DuckDbProcess.Run(root,
            [
                new($"SELECT sum(strlen(text))::VARCHAR AS bytes FROM read_parquet({DuckDbProcess.Quote(duck)})", duckSum, Timing: true),
                new($"SELECT sum(strlen(text))::VARCHAR AS bytes FROM read_parquet({DuckDbProcess.Quote(ours)})", ourSum, Timing: true),
            ], work);
            duckReadsOfDuck.Add(reads[0] / 1000);
            duckReadsOfOurs.Add(reads[1] / 1000);
            ourReads.Add(ReadTextColumn(ours));
            ourReadsOfDuck.Add(ReadTextColumn(duck));
        }
        var duckReadDuck = Median(duckReadsOfDuck);
        var duckReadOurs = Median(duckReadsOfOurs);
        var ourReadOurs = Median(ourReads.Select(r => r.Seconds));
        var ourReadDuck = Median(ourReadsOfDuck.Select(r => r.Seconds));
        var oursBytes = ourReads[0].Bytes;
        var duckBytes = ourReadsOfDuck[0].Bytes;
        Check("DuckDB's sum over its file", ReadSum(duckSum), textBytes);
        Check("DuckDB's sum over our file", ReadSum(ourSum), textBytes);
        Check("our sum over our file", oursBytes, textBytes);
        Check("our sum over DuckDB's file", duckBytes, textBytes);

        var oursSize = new FileInfo(ours).Length;
        var duckSize = new FileInfo(duck).Length;
        double Mbps(double seconds) => textBytes / 1e6 / seconds;
        Console.WriteLine();
        Console.WriteLine($"median of {reps} runs each; load average at the end: {MachineLoad.Averages()}");
        Console.WriteLine($"our writer: ZSTD level {options.ZstdLevel}, pages of {options.PageBytes >> 10} KiB, row groups up to {options.RowGroupRows:N0} rows / {options.RowGroupBytes >> 20} MiB");
        Console.WriteLine($"text: {textBytes / 1e6:N0} MB in {new FileInfo(jsonl).Length / 1e6:N0} MB of JSONL; machine: {Environment.ProcessorCount} cores");
        Console.WriteLine($"| measure | ours | DuckDB | ours / DuckDB |");
        Console.WriteLine($"|---|---|---|---|");
        Console.WriteLine($"| ZSTD write (MB/s of text) | {Mbps(ourWrite):F0} ({ourWrite:F1} s) | {Mbps(duckWrite):F0} ({duckWrite:F1} s) | {duckWrite / ourWrite:F2} |");
        Console.WriteLine($"| file size (MB) | {oursSize / 1e6:F1} | {duckSize / 1e6:F1} | {(double)oursSize / duckSize:F3} |");
        Console.WriteLine($"| read text column of own file (MB/s) | {Mbps(ourReadOurs):F0} ({ourReadOurs:F1} s) | {Mbps(duckReadDuck):F0} ({duckReadDuck:F1} s) | {duckReadDuck / ourReadOurs:F2} |");
        Console.WriteLine($"| read text column of the other's file (MB/s) | {Mbps(ourReadDuck):F0} ({ourReadDuck:F1} s) | {Mbps(duckReadOurs):F0} ({duckReadOurs:F1} s) | {duckReadOurs / ourReadDuck:F2} |");
    }

    /// <summary>Decodes the text column of every row group (ScanColumn: one row group per core) and sums the value byte lengths, as DuckDB's sum(strlen(text)) does.</summary>
    private static (double Seconds, long Bytes) ReadTextColumn(string path)
    {
        var sw = Stopwatch.StartNew();
        long bytes = 0;
        using var reader = ParquetFileReader.Open(path);
        var text = reader.Schema.GetField("text").Leaf;
        foreach (var chunk in reader.ScanColumn(text))
            for (var v = 0; v < chunk.ValueCount; v++) bytes += chunk.GetBytes(v).Length;
        return (sw.Elapsed.TotalSeconds, bytes);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static long ReadSum(string jsonl) =>
        long.Parse(JsonDocument.Parse(File.ReadLines(jsonl).First()).RootElement.GetProperty("bytes").GetString()!, CultureInfo.InvariantCulture);

    private static void Check(string what, long actual, long expected)
    {
        if (actual != expected) throw new InvalidOperationException($"{what} is {actual} bytes, expected {expected}");
    }

    private static string FindRepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "ProvenanceGuard.sln"))) return dir.FullName;
        throw new InvalidOperationException("run from inside the repository (ProvenanceGuard.sln not found)");
    }
}
