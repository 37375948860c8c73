using System.Text.Json;
using ProvenanceGuard.Curation.Shards;
using ProvenanceGuard.Formats.Compression;
using ProvenanceGuard.Records;

namespace ProvenanceGuard.Pipeline;

/// <summary>
/// A task's output for one split: its tagged records (attributes, lineage so far, ingestion rejections) as
/// zstd-compressed JSON lines, so <c>merge</c> can decide over all tasks exactly as one process would.
/// </summary>
public static class TaggedRecordFile
{
    /// <returns>The number of records written.</returns>
    public static async Task<long> WriteAsync(string path, IAsyncEnumerable<Record[]> batches, CancellationToken cancellation)
    {
        long count = 0;
        using var file = new AtomicFile(path);
        using (var zstd = new ZstdCompressionStream(file.Stream, level: 1, leaveOpen: true))
        using (var json = new Utf8JsonWriter(zstd, RecordJson.WriterOptions))
        {
            await foreach (var batch in batches.WithCancellation(cancellation))
            {
                count += batch.Length;
                foreach (var record in batch)
                {
                    RecordJson.Write(json, record, includeSequence: true);
                    json.Flush();
                    json.Reset();
                    zstd.Write("\n"u8);
                }
            }
        }
        file.Commit();
        return count;
    }

    public static IEnumerable<Record[]> Read(string path, int batchSize = 2048)
    {
        using var stream = new ZstdDecompressionStream(File.OpenRead(path));
        using var reader = new StreamReader(stream, new System.Text.UTF8Encoding(false, true));
        var batch = new List<Record>(batchSize);
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            try
            {
                batch.Add(Parse(line));
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                throw new InvalidDataException($"{path}:{lineNumber}: not a tagged record: {e.Message}", e);
            }
            if (batch.Count == batchSize)
            {
                yield return batch.ToArray();
                batch.Clear();
            }
        }
        if (batch.Count > 0) yield return batch.ToArray();
    }

    private static Record Parse(string line)
    {
        using var doc = JsonDocument.Parse(line);
        var root = doc.RootElement;
        var record = new Record
        {
            Id = root.GetProperty("id").GetString()!,
            Text = root.GetProperty("text").GetString()!,
            Source = root.GetProperty("source").GetString()!,
            ContentSha256 = root.GetProperty("content_sha256").GetString()!,
            Origin = new RecordOrigin(root.GetProperty("origin_file").GetString()!, root.GetProperty("origin_line").GetInt64(),
                root.GetProperty("origin_offset").GetInt64()),
            Sequence = root.GetProperty("sequence").GetInt64(),
            MetadataJson = root.TryGetProperty("metadata", out var meta) ? meta.GetRawText() : null,
            RejectMessage = root.TryGetProperty("message", out var message) ? message.GetString() : null,
        };
        if (root.TryGetProperty("p_machine", out var p)) record.Attributes.PMachine = p.GetDouble();
        if (root.TryGetProperty("llr", out var llr)) record.Attributes.LogLikelihoodRatio = llr.GetDouble();
        if (root.TryGetProperty("detector", out var detector)) record.Attributes.Detector = detector.GetString();
        record.Attributes.TooShortToJudge = root.TryGetProperty("too_short_to_judge", out var tooShort) && tooShort.GetBoolean();
        if (root.TryGetProperty("p_synthetic", out var fused)) record.Attributes.PSynthetic = fused.GetDouble();
        if (root.TryGetProperty("reason", out var reason)) record.Disposition = Disposition.RejectedFor(reason.GetString()!);
        foreach (var e in root.GetProperty("lineage").EnumerateArray())
            record.Lineage.Add(new LineageEvent(e.GetProperty("stage").GetString()!, e.GetProperty("version").GetString()!,
                e.GetProperty("parameters_hash").GetString()!, e.GetProperty("decision").GetString()!));
        return record;
    }
}
