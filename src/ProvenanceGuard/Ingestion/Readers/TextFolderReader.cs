using System.Text;
using ProvenanceGuard.Records;

namespace ProvenanceGuard.Ingestion.Readers;

/// <summary>A folder of .txt files (searched recursively, in ordinal path order): each file is one record, its relative path the id.</summary>
internal static class TextFolderReader
{
    public static IReadOnlyList<string> ListFiles(string folder) =>
        Directory.EnumerateFiles(folder, "*.txt", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(folder, p).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();

    public static IEnumerable<SourceBatch> Read(InputSplit split, IngestLimits limits, int batchUnits, CancellationToken cancellation)
    {
        var folder = split.File;
        var batch = SplitReader.NewBatch(split);
        var number = 0L;
        var consumed = 0L;
        foreach (var relative in ListFiles(folder.Path))
        {
            cancellation.ThrowIfCancellationRequested();
            number++;
            var path = Path.Combine(folder.Path, relative);
            var origin = new RecordOrigin(path, number, 0);
            var sequence = RecordSequence.Of(folder.Index, number);
            byte[] bytes;
            try
            {
                var length = new FileInfo(path).Length;
                if (length > limits.MaxRecordBytes)
                {
                    var sample = new byte[Math.Min(limits.RejectedSampleBytes, (int)Math.Min(int.MaxValue, length))];
                    using (var stream = File.OpenRead(path)) stream.ReadExactly(sample);
                    SplitReader.AddRejected(batch, folder, number, 0, RejectReason.TooLarge,
                        $"{path}: file of {length:N0} bytes exceeds the limit of {limits.MaxRecordBytes:N0}", sample);
                    continue;
                }
                bytes = File.ReadAllBytes(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                SplitReader.AddRejected(batch, folder, number, 0, RejectReason.UnreadableInput, $"{path}: cannot read: {e.Message}", default);
                continue;
            }

            var content = bytes.AsSpan();
            if (content.StartsWith("\uFEFF"u8)) content = content[3..];
            if (!SplitReader.IsValidUtf8(content))
            {
                SplitReader.AddRejected(batch, folder, number, 0, RejectReason.InvalidUtf8, $"{path}: file is not valid UTF-8",
                    content[..Math.Min(content.Length, limits.RejectedSampleBytes)]);
            }
            else
            {
                batch.Units.Add(new SourceUnit
                {
                    Kind = SourceUnitKind.Text,
                    Text = Encoding.UTF8.GetString(content),
                    Id = relative,
                    Origin = origin,
                    Sequence = sequence,
                });
            }
            consumed += bytes.Length;
            batch.RawBytes = consumed;
            if (batch.Units.Count >= batchUnits)
            {
                yield return batch;
                batch = SplitReader.NewBatch(split);
            }
        }
        yield return batch;
    }
}
