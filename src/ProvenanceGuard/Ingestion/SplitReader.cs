using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using System.Text.Unicode;
using ProvenanceGuard.Formats.Compression;
using ProvenanceGuard.Ingestion.Readers;
using ProvenanceGuard.Records;

namespace ProvenanceGuard.Ingestion;

/// <summary>
/// Reads one split into batches of <see cref="SourceUnit"/>s. Every failure becomes a rejected unit that names
/// the file and line; a failure that makes the rest of a file unreadable ends that file, never the run.
/// A local JSON-lines file with an entry in <c>readAlong</c> has its raw bytes shown to that digest as they are read.
/// </summary>
public sealed class SplitReader(IngestLimits limits, int batchUnits = 2048, int batchBytes = 8 << 20,
    IReadOnlyDictionary<int, ReadAlongDigest>? readAlong = null)
{
    /// <summary>
    /// Where the next split of a plain JSONL file begins, learned from reading the split before it: the first line
    /// starting at or after that split's end (the next split's first line) with its line number. Reading splits in order
    /// thus never re-reads a file's start to count its lines.
    /// </summary>
    private readonly record struct Continuation(long SplitEnd, long Offset, long Line);

    private readonly ConcurrentDictionary<int, Continuation> _continuations = new();

    public IEnumerable<SourceBatch> Read(InputSplit split, CancellationToken cancellation = default) => split.File.Format switch
    {
        InputFormat.TextFolder => TextFolderReader.Read(split, limits, batchUnits, cancellation),
        InputFormat.Csv => CsvReader.Read(split, limits, batchUnits, cancellation),
        InputFormat.Parquet => ParquetReader.Read(split, batchUnits, cancellation),
        _ => ReadJsonLines(split, cancellation),
    };

    private IEnumerable<SourceBatch> ReadJsonLines(InputSplit split, CancellationToken cancellation)
    {
        var file = split.File;
        var batch = NewBatch(split);
        Stream? stream = null;
        RecordSplitter? splitter = null;
        string? openError = null;
        var skipFirst = false;
        Func<long> inputPosition = () => 0;
        try
        {
            (stream, splitter, skipFirst, inputPosition) = OpenJsonLines(split);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            openError = e.Message;
        }
        if (openError is not null)
        {
            AddRejected(batch, file, 1, 0, RejectReason.UnreadableInput, $"{file.Path}: cannot open: {openError}", default);
            yield return batch;
            yield break;
        }

        using var _ = stream;
        using var __ = splitter;
        var compressed = file.Format != InputFormat.Jsonl;
        SourceBatch? full = null;
        while (true)
        {
            cancellation.ThrowIfCancellationRequested();
            bool more;
            RawSegment segment = default;
            string? failure = null;
            string reason = RejectReason.TruncatedInput;
            var failedAtLine = splitter!.NextLine;
            var failedAtOffset = splitter.Position;
            try
            {
                more = splitter.TryNext(out segment);
            }
            catch (Http.HttpSourceUnavailableException e)
            {
                more = false;
                failure = e.Message;
                reason = RejectReason.UnreadableInput;
            }
            catch (DecompressionRatioExceededException e)
            {
                more = false;
                failure = e.Message;
                reason = RejectReason.DecompressionRatioExceeded;
            }
            catch (Exception e) when (e is InvalidDataException or IOException)
            {
                more = false;
                failure = (compressed ? "compressed stream is truncated or corrupt: " : "read failed: ") + e.Message;
            }

            if (failure is not null)
            {
                AddRejected(batch, file, failedAtLine, failedAtOffset, reason,
                    $"{file.Path}:{failedAtLine}: {failure}; the rest of the file is not read", default);
            }
            if (!more) break;

            if (split.End >= 0 && segment.Offset >= split.End)
            {
                if (file.Format == InputFormat.Jsonl && file.Remote is null) _continuations[file.Index] = new Continuation(split.End, segment.Offset, segment.Line);
                break;
            }
            if (skipFirst)
            {
                skipFirst = false;
                continue;
            }
            if (segment.TooLarge)
            {
                AddRejected(batch, file, segment.Line, segment.Offset, RejectReason.TooLarge,
                    $"{file.Path}:{segment.Line}: record of {segment.FullLength:N0} bytes exceeds the limit of {limits.MaxRecordBytes:N0}", segment.Bytes);
            }
            else if (!IsBlank(segment.Bytes))
            {
                // A line that would overflow the batch's buffer starts the next batch, so buffers keep their one
                // pooled size instead of doubling (every new large array is a large-object allocation, which brings
                // on full collections).
                if (batch.BytesUsed > 0 && batch.BytesUsed + segment.Bytes.Length > batch.Bytes.Length)
                {
                    full = batch;
                    full.RawBytes = inputPosition();
                    batch = NewBatch(split);
                }
                AddRaw(batch, file, segment, batchBytes);
            }
            if (full is not null)
            {
                yield return full;
                full = null;
            }

            batch.RawBytes = inputPosition();
            if (batch.Units.Count >= batchUnits || batch.BytesUsed >= batchBytes)
            {
                yield return batch;
                batch = NewBatch(split);
            }
        }
        batch.RawBytes = inputPosition();
        yield return batch;
    }

    /// <returns>The stream, its splitter, whether the first line belongs to the previous split, and how many input-file bytes were consumed (for progress).</returns>
    private (Stream, RecordSplitter, bool SkipFirst, Func<long> InputPosition) OpenJsonLines(InputSplit split)
    {
        var file = split.File;
        Stream raw;
        if (file.Remote is { } remote)
        {
            var http = remote.Open(new Uri(file.Path));
            raw = http;
            http.Connect();
        }
        else
        {
            var local = new FileStream(file.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            raw = readAlong?.GetValueOrDefault(file.Index) is { } digest ? digest.Observing(local) : local;
        }
        if (file.Format == InputFormat.Jsonl)
        {
            if (split.Start == 0) return (raw, new RecordSplitter(raw, limits.MaxRecordBytes, limits.RejectedSampleBytes, false), false, () => raw.Position);
            var known = _continuations.TryRemove(file.Index, out var next) ? next : (Continuation?)null;
            if (known is { } adjacent && adjacent.SplitEnd == split.Start)
            {
                raw.Position = adjacent.Offset;
                return (raw, new RecordSplitter(raw, limits.MaxRecordBytes, limits.RejectedSampleBytes, false, adjacent.Offset, adjacent.Line), false,
                    () => raw.Position - split.Start);
            }
            // A line belongs to the split holding its first byte: unless the split starts right after a newline, the
            // first (partial) line is the previous split's. Lines are counted from the last line start this reader
            // knows before the split (a task reading every world-th split counts only the gaps), else from byte 0.
            var line = known is { } earlier && earlier.SplitEnd < split.Start && earlier.Offset < split.Start
                ? earlier.Line + CountNewlines(raw, earlier.Offset, split.Start - 1)
                : 1 + CountNewlines(raw, 0, split.Start - 1);
            var previous = raw.ReadByte();
            var skipFirst = previous != '\n';
            if (!skipFirst) line++;
            return (raw, new RecordSplitter(raw, limits.MaxRecordBytes, limits.RejectedSampleBytes, false, split.Start, line), skipFirst,
                () => raw.Position - split.Start);
        }
        var counting = new CountingReadStream(raw);
        Stream decompressed = file.Format == InputFormat.JsonlGzip
            ? new GzipDecompressionStream(counting)
            : new ZstdDecompressionStream(counting);
        var guarded = new RatioGuardStream(decompressed, counting, limits);
        return (guarded, new RecordSplitter(guarded, limits.MaxRecordBytes, limits.RejectedSampleBytes, false), false, () => counting.BytesRead);
    }

    /// <summary>Counts the newlines in bytes [<paramref name="from"/>, <paramref name="upTo"/>) and leaves the stream at <paramref name="upTo"/>.</summary>
    private static long CountNewlines(Stream stream, long from, long upTo)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            long count = 0, remaining = upTo - from;
            stream.Position = from;
            while (remaining > 0)
            {
                var n = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, remaining));
                if (n == 0) break;
                count += buffer.AsSpan(0, n).Count((byte)'\n');
                remaining -= n;
            }
            return count;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static bool IsBlank(ReadOnlySpan<byte> bytes) => bytes.IndexOfAnyExcept(" \t\r"u8) < 0;

    internal static SourceBatch NewBatch(InputSplit split) => new() { Split = split };

    private static void AddRaw(SourceBatch batch, InputFile file, RawSegment segment, int batchBytes)
    {
        EnsureCapacity(batch, segment.Bytes.Length, batchBytes);
        segment.Bytes.CopyTo(batch.Bytes.AsSpan(batch.BytesUsed));
        batch.Units.Add(new SourceUnit
        {
            Kind = SourceUnitKind.JsonLine,
            Start = batch.BytesUsed,
            Length = segment.Bytes.Length,
            Origin = new RecordOrigin(file.Name, segment.Line, segment.Offset),
            Sequence = RecordSequence.Of(file.Index, segment.Line),
        });
        batch.BytesUsed += segment.Bytes.Length;
    }

    internal static void AddRejected(SourceBatch batch, InputFile file, long line, long offset, string reason, string message, ReadOnlySpan<byte> sample,
        string? id = null, string? originFile = null)
    {
        batch.Units.Add(new SourceUnit
        {
            Kind = SourceUnitKind.Rejected,
            Id = id,
            Origin = new RecordOrigin(originFile ?? file.Name, line, offset),
            Sequence = RecordSequence.Of(file.Index, line),
            Reason = reason,
            Message = message,
            Text = Lossy(sample),
        });
    }

    /// <summary>Decodes a sample for the rejected file, replacing invalid UTF-8 so the sample itself is printable.</summary>
    internal static string Lossy(ReadOnlySpan<byte> sample) => sample.IsEmpty ? "" : Encoding.UTF8.GetString(sample);

    private static void EnsureCapacity(SourceBatch batch, int extra, int batchBytes)
    {
        var needed = batch.BytesUsed + extra;
        if (needed <= batch.Bytes.Length) return;
        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, batchBytes));
        if (batch.BytesUsed > 0) Buffer.BlockCopy(batch.Bytes, 0, bigger, 0, batch.BytesUsed);
        if (batch.Bytes.Length > 0) ArrayPool<byte>.Shared.Return(batch.Bytes);
        batch.Bytes = bigger;
    }

    /// <summary>Returns a batch's pooled buffer once its units have been turned into records.</summary>
    public static void Release(SourceBatch batch)
    {
        if (batch.Bytes.Length > 0) ArrayPool<byte>.Shared.Return(batch.Bytes);
        batch.Bytes = [];
    }

    internal static bool IsValidUtf8(ReadOnlySpan<byte> bytes) => Utf8.IsValid(bytes);
}
