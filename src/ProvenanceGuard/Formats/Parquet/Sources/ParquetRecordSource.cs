using System.Globalization;

namespace ProvenanceGuard.Formats.Parquet.Sources;

/// <summary>Which fields of an input Parquet file become a record: the text, an optional id, and extra fields kept as metadata.</summary>
public sealed record ParquetRecordSourceOptions
{
    public string TextField { get; init; } = "text";
    /// <summary>The id field; when null or absent from the file, rows have no id (the caller derives one).</summary>
    public string? IdField { get; init; } = "id";
    /// <summary>Other top-level fields to project (primitive or list of primitives); everything else is never read.</summary>
    public IReadOnlyList<string> ExtraFields { get; init; } = Array.Empty<string>();
    public ParquetReaderOptions Reader { get; init; } = ParquetReaderOptions.Default;
}

/// <summary>
/// One input row: its 0-based index in the file, its text (null when the file holds null there), its id (as text),
/// and the extra fields' values in <see cref="ParquetRecordSource.ExtraFieldNames"/> order.
/// </summary>
public readonly record struct ParquetSourceRow(long RowIndex, string? Text, string? Id, object?[] Extra);

/// <summary>
/// Reads ingestion rows from a Parquet file (Hugging Face / FineWeb style): only the text, id and requested fields
/// are read, one row group at a time, so memory is bounded by one row group of those columns.
/// </summary>
public sealed class ParquetRecordSource : IDisposable
{
    private readonly ParquetFileReader _reader;
    private readonly ParquetField _text;
    private readonly ParquetField? _id;
    private readonly ParquetField[] _extra;

    public ParquetRecordSource(string path, ParquetRecordSourceOptions? options = null)
    {
        options ??= new ParquetRecordSourceOptions();
        _reader = ParquetFileReader.Open(path, options.Reader);
        try
        {
            _text = _reader.Schema.FindField(options.TextField)
                ?? throw new ParquetFormatException($"{path}: no text field '{options.TextField}' (fields: {string.Join(", ", _reader.Schema.Fields.Select(f => f.Name))})", -1);
            if (_text.Shape != ParquetFieldShape.Primitive || _text.Leaf.PhysicalType != PhysicalType.ByteArray)
                throw new ParquetFormatException($"{path}: text field '{options.TextField}' is not a string column ({_text.Leaf})", -1);
            _id = options.IdField is null ? null : _reader.Schema.FindField(options.IdField);
            if (_id is { Shape: not ParquetFieldShape.Primitive })
                throw new ParquetFormatException($"{path}: id field '{options.IdField}' is not a primitive column", -1);
            _extra = options.ExtraFields.Select(name => _reader.Schema.FindField(name)
                ?? throw new ParquetFormatException($"{path}: no field '{name}'", -1)).ToArray();
        }
        catch
        {
            _reader.Dispose();
            throw;
        }
    }

    public IReadOnlyList<string> ExtraFieldNames => _extra.Select(f => f.Name).ToArray();
    public long RowCount => _reader.RowCount;

    /// <summary>Streams the rows in file order.</summary>
    public IEnumerable<ParquetSourceRow> ReadRows()
    {
        var fields = new List<string> { _text.Name };
        if (_id is not null) fields.Add(_id.Name);
        fields.AddRange(_extra.Select(f => f.Name));
        var idColumn = _id is null ? -1 : 1;
        var extraStart = fields.Count - _extra.Length;
        long index = 0;
        foreach (var row in _reader.ReadRows(fields.ToArray()))
        {
            var extra = _extra.Length == 0 ? Array.Empty<object?>() : row[extraStart..];
            var id = idColumn < 0 ? null : row[idColumn] switch
            {
                null => null,
                string s => s,
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                var other => other.ToString(),
            };
            // Un-annotated BYTE_ARRAY text (no STRING logical type) is still UTF-8 text here.
            var text = row[0] is byte[] raw ? System.Text.Encoding.UTF8.GetString(raw) : (string?)row[0];
            yield return new ParquetSourceRow(index++, text, id, extra);
        }
    }

    public void Dispose() => _reader.Dispose();
}
