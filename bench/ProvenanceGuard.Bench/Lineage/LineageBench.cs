using System.Diagnostics;
using System.Text.Json;
using ProvenanceGuard.Curation;
using ProvenanceGuard.Curation.Shards;
using ProvenanceGuard.Lineage;
using ProvenanceGuard.Provenance;
using ProvenanceGuard.Records;

namespace ProvenanceGuard.Bench.Lineage;

/// <summary>
/// Loads a synthetic release of N records (default 1,000,000; six stage events each, as a real run writes)
/// into lineage.db several times and prints the median records/s, next to a reference measured in the same
/// run: reading and parsing the same dispositions file without writing anything.
/// </summary>
internal static class LineageBench
{
    public static int Run(string[] args)
    {
        var records = args.Length > 1 && args[0] == "--records" ? int.Parse(args[1]) : 1_000_000;
        var release = Path.Combine(Path.GetTempPath(), $"provguard-lineage-bench-{records}");
        WriteRelease(release, records);

        var loads = new List<double>();
        var reads = new List<double>();
        for (var i = 0; i < 3; i++)
        {
            var clock = Stopwatch.StartNew();
            var lines = 0;
            foreach (var line in ReadLines(Path.Combine(release, "dispositions.jsonl.gz"))) { using var _ = JsonDocument.Parse(line); lines++; }
            reads.Add(lines / clock.Elapsed.TotalSeconds);
            loads.Add(LineageLoader.Load(release).RecordsPerSecond);
        }
        loads.Sort();
        reads.Sort();
        Console.WriteLine($"| records | lineage.db load, records/s (median of 3) | reference: read + parse only, records/s | load / reference |");
        Console.WriteLine("|---|---|---|---|");
        Console.WriteLine($"| {records:N0} | {loads[1]:N0} | {reads[1]:N0} | {loads[1] / reads[1]:0.00} |");
        Console.WriteLine($"database size: {new FileInfo(Path.Combine(release, LineageLoader.DatabaseFile)).Length / 1e6:N0} MB");
        return 0;
    }

    private static IEnumerable<string> ReadLines(string gzip)
    {
        using var reader = new StreamReader(new System.IO.Compression.GZipStream(File.OpenRead(gzip), System.IO.Compression.CompressionMode.Decompress));
        while (reader.ReadLine() is { } line) yield return line;
    }

    internal static void WriteRelease(string release, int count)
    {
        if (File.Exists(Path.Combine(release, "manifest.json"))) return;
        Directory.CreateDirectory(release);
        var random = new Random(3);
        string[] stages = ["ingest", "normalize", "detect", "dedup", "curate", "emit"];
        ShardInfo dispositions;
        using (var file = new JsonlGzipRecordFile(release, "dispositions.jsonl.gz", RecordJson.WriteDispositionLine))
        {
            for (var i = 0; i < count; i++)
            {
                var record = new Record
                {
                    Id = $"doc-{i}", Text = "", Source = $"source-{i % 7}", ContentSha256 = ContentHash.Of($"text {i}"),
                    Origin = new RecordOrigin($"part-{i % 13}.jsonl", i + 1, i * 2400L), Sequence = i,
                };
                record.Attributes.PMachine = random.NextDouble();
                record.Disposition = i % 20 == 0 ? Disposition.RejectedFor("quota_exceeded") : Disposition.KeptIn($"shards/shard-{i / 10000:D5}.jsonl.gz", i % 10000);
                foreach (var stage in stages) record.Lineage.Add(new LineageEvent(stage, "1", "0123456789abcdef", stage == "detect" ? $"p_machine={record.Attributes.PMachine:0.####}" : "ok"));
                file.Write(record);
            }
            dispositions = file.Complete();
        }
        var manifest = new ReleaseManifest
        {
            RunId = "bench", CreatedAt = DateTimeOffset.UnixEpoch, CodeVersion = "bench", Pipeline = new PipelineEntry("bench", new string('0', 64), 1),
            Policy = new CurationPolicy(), Inputs = [], Shards = [], Rejected = new FileEntry("rejected.jsonl.gz", new string('0', 64), 0, 0),
            DispositionsFile = new FileEntry(dispositions.File, dispositions.Sha256, dispositions.Bytes, dispositions.Rows),
            Dispositions = new DispositionCounts(count, count - count / 20, count / 20, 0), RejectedByReason = new Dictionary<string, long>(),
            SyntheticShare = new SyntheticShare(0.5, null, null, null, null), Tasks = 1,
        };
        File.WriteAllBytes(Path.Combine(release, "manifest.json"), JsonSerializer.SerializeToUtf8Bytes(manifest, ReleaseManifest.JsonOptions));
    }
}
