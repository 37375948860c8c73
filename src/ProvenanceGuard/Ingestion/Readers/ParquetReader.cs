using ProvenanceGuard.Formats.Parquet;
using ProvenanceGuard.Formats.Parquet.Sources;
using ProvenanceGuard.Records;

namespace ProvenanceGuard.Ingestion.Readers;

/// <summary>
/// A Parquet input (Hugging Face / FineWeb style): reads only the text and id columns, row group by row group.
/// A row's "line" is its 1-based row number. A file the codec cannot read is one rejected record naming it.
/// </summary>
internal static class ParquetReader
{
    public static IEnumerable<SourceBatch> Read(InputSplit split, int batchUnits, CancellationToken cancellation)
    {
        var file = split.File;
        var batch = SplitReader.NewBatch(split);
        ParquetRecordSource? source = null;
        string? failure = null;
        try
        {
            source = new ParquetRecordSource(file.Path, new ParquetRecordSourceOptions { TextField = file.TextField, IdField = file.IdField });
        }
        catch (Exception e) when (e is ParquetFormatException or IOException or UnauthorizedAccessException)
        {
            failure = e.Message;
        }
        if (source is null)
        {
            SplitReader.AddRejected(batch, file, 1, -1, RejectReason.UnreadableInput, $"{file.Path}: {failure}", default);
            yield return batch;
            yield break;
        }

        using (source)
        {
            using var rows = source.ReadRows().GetEnumerator();
            var row = 0L;
            while (true)
            {
                cancellation.ThrowIfCancellationRequested();
                try
                {
                    if (!rows.MoveNext()) break;
                }
                catch (ParquetFormatException e)
                {
                    SplitReader.AddRejected(batch, file, row + 1, -1, RejectReason.UnreadableInput,
                        $"{file.Path}: row {row + 1} onwards cannot be read: {e.Message}", default);
                    break;
                }
                var current = rows.Current;
                row = current.RowIndex + 1;
                if (current.Text is null)
                    SplitReader.AddRejected(batch, file, row, -1, RejectReason.MissingText, $"{file.Path}: row {row}: '{file.TextField}' is null", default, current.Id);
                else
                    batch.Units.Add(new SourceUnit
                    {
                        Kind = SourceUnitKind.Text,
                        Text = current.Text,
                        Id = current.Id,
                        Origin = new RecordOrigin(file.Name, row, -1),
                        Sequence = RecordSequence.Of(file.Index, row),
                    });
                if (batch.Units.Count >= batchUnits)
                {
                    batch.RawBytes = file.Length * row / Math.Max(1, source.RowCount);
                    yield return batch;
                    batch = SplitReader.NewBatch(split);
                }
            }
        }
        batch.RawBytes = file.Length;
        yield return batch;
    }
}
