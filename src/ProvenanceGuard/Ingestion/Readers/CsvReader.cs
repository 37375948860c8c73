using System.Text;
using ProvenanceGuard.Records;

namespace ProvenanceGuard.Ingestion.Readers;

/// <summary>
/// RFC 4180 CSV with a header row: the text column and optional id column are named by the source; the
/// other columns become metadata. A row with an unterminated quote or the wrong number of fields is rejected.
/// </summary>
internal static class CsvReader
{
    public static IEnumerable<SourceBatch> Read(InputSplit split, IngestLimits limits, int batchUnits, CancellationToken cancellation)
    {
        var file = split.File;
        var batch = SplitReader.NewBatch(split);
        FileStream stream;
        try
        {
            stream = new FileStream(file.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            SplitReader.AddRejected(batch, file, 1, 0, RejectReason.UnreadableInput, $"{file.Path}: cannot open: {e.Message}", default);
            return [batch];
        }
        return ReadRows(split, limits, batchUnits, stream, batch, cancellation);
    }

    private static IEnumerable<SourceBatch> ReadRows(InputSplit split, IngestLimits limits, int batchUnits, FileStream stream, SourceBatch batch, CancellationToken cancellation)
    {
        var file = split.File;
        using var _ = stream;
        using var splitter = new RecordSplitter(stream, limits.MaxRecordBytes, limits.RejectedSampleBytes, csvQuotes: true);
        string[]? header = null;
        int textColumn = -1, idColumn = -1;
        var fields = new List<string>();
        while (true)
        {
            cancellation.ThrowIfCancellationRequested();
            RawSegment segment;
            string? failure = null;
            var line = splitter.NextLine;
            bool more;
            try
            {
                more = splitter.TryNext(out segment);
            }
            catch (IOException e)
            {
                more = false;
                segment = default;
                failure = e.Message;
            }
            if (failure is not null)
                SplitReader.AddRejected(batch, file, line, splitter.Position, RejectReason.UnreadableInput, $"{file.Path}:{line}: read failed: {failure}", default);
            if (!more) break;

            if (segment.TooLarge)
            {
                SplitReader.AddRejected(batch, file, segment.Line, segment.Offset, RejectReason.TooLarge,
                    $"{file.Path}:{segment.Line}: row of {segment.FullLength:N0} bytes exceeds the limit of {limits.MaxRecordBytes:N0}", segment.Bytes);
            }
            else if (segment.Bytes.IndexOfAnyExcept(" \t\r"u8) < 0)
            {
                continue;
            }
            else if (!SplitReader.IsValidUtf8(segment.Bytes))
            {
                SplitReader.AddRejected(batch, file, segment.Line, segment.Offset, RejectReason.InvalidUtf8,
                    $"{file.Path}:{segment.Line}: row is not valid UTF-8", segment.Bytes);
            }
            else if (!TryParseRow(Encoding.UTF8.GetString(segment.Bytes), fields, out var error))
            {
                SplitReader.AddRejected(batch, file, segment.Line, segment.Offset, RejectReason.MalformedCsv,
                    $"{file.Path}:{segment.Line}: {error}", segment.Bytes);
            }
            else if (header is null)
            {
                header = fields.ToArray();
                textColumn = Array.IndexOf(header, file.TextField);
                idColumn = file.IdField is null ? -1 : Array.IndexOf(header, file.IdField);
                continue;
            }
            else if (fields.Count != header.Length)
            {
                SplitReader.AddRejected(batch, file, segment.Line, segment.Offset, RejectReason.MalformedCsv,
                    $"{file.Path}:{segment.Line}: row has {fields.Count} fields, the header has {header.Length}", segment.Bytes);
            }
            else if (textColumn < 0)
            {
                SplitReader.AddRejected(batch, file, segment.Line, segment.Offset, RejectReason.MissingText,
                    $"{file.Path}:{segment.Line}: the header has no column '{file.TextField}'", segment.Bytes);
            }
            else
            {
                batch.Units.Add(new SourceUnit
                {
                    Kind = SourceUnitKind.Text,
                    Text = fields[textColumn],
                    Id = idColumn >= 0 && fields[idColumn].Length > 0 ? fields[idColumn] : null,
                    MetadataJson = Metadata(header, fields, textColumn, idColumn),
                    Origin = new RecordOrigin(file.Path, segment.Line, segment.Offset),
                    Sequence = RecordSequence.Of(file.Index, segment.Line),
                });
            }

            batch.RawBytes = splitter.Position;
            if (batch.Units.Count >= batchUnits)
            {
                yield return batch;
                batch = SplitReader.NewBatch(split);
            }
        }
        batch.RawBytes = splitter.Position;
        yield return batch;
    }

    /// <summary>Splits one CSV record into fields; quotes may hold commas, newlines and doubled quotes.</summary>
    internal static bool TryParseRow(string row, List<string> fields, out string? error)
    {
        fields.Clear();
        error = null;
        var field = new StringBuilder();
        var i = 0;
        while (true)
        {
            field.Clear();
            if (i < row.Length && row[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= row.Length)
                    {
                        error = "unterminated quoted field";
                        return false;
                    }
                    if (row[i] == '"')
                    {
                        if (i + 1 < row.Length && row[i + 1] == '"') { field.Append('"'); i += 2; continue; }
                        i++;
                        break;
                    }
                    field.Append(row[i++]);
                }
                if (i < row.Length && row[i] != ',')
                {
                    error = $"unexpected character '{row[i]}' after a closing quote at column {i + 1}";
                    return false;
                }
            }
            else
            {
                while (i < row.Length && row[i] != ',')
                {
                    if (row[i] == '"')
                    {
                        error = $"quote inside an unquoted field at column {i + 1}";
                        return false;
                    }
                    field.Append(row[i++]);
                }
            }
            fields.Add(field.ToString());
            if (i >= row.Length) return true;
            i++; // the comma
        }
    }

    private static string? Metadata(string[] header, List<string> fields, int textColumn, int idColumn)
    {
        if (header.Length <= (idColumn >= 0 ? 2 : 1)) return null;
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            for (var c = 0; c < header.Length; c++)
                if (c != textColumn && c != idColumn) writer.WriteString(header[c], fields[c]);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
