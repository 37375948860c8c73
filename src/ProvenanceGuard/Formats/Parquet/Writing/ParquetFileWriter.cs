using ProvenanceGuard.Formats.Parquet.Metadata;
using ProvenanceGuard.Formats.Parquet.Thrift;
using ProvenanceGuard.Formats.Parquet.Writing;

namespace ProvenanceGuard.Formats.Parquet;

/// <summary>
/// Writes a flat Parquet file row by row: set each column's value for the row (typed setters or <see cref="WriteRow"/>),
/// call <see cref="EndRow"/>, and <see cref="Finish"/> to write the footer. Rows are buffered per row group and
/// flushed when the row or byte limit is reached. The output is a function of the rows and options only: given a
/// <see cref="ParquetWriterMemory"/>, the writer borrows its buffers from there and gives them back on
/// <see cref="Dispose"/>, which saves memory traffic and never changes the bytes.
/// </summary>
public sealed class ParquetFileWriter : IDisposable
{
    private readonly Stream _output;
    private readonly bool _leaveOpen;
    private readonly ParquetWriterOptions _options;
    private readonly ColumnBuffer[] _columns;
    private readonly ColumnChunkEncoder _encoder;
    private readonly ParquetWriterMemory? _memory;
    private WriterWorkspace? _workspace;
    private readonly List<RowGroup> _rowGroups = new();
    private long _position;
    private long _rowCount;
    private int _rowsInGroup;
    private bool _finished;

    /// <param name="memory">Where to borrow the large buffers from and return them to; null: the writer allocates its own.</param>
    public ParquetFileWriter(Stream output, IReadOnlyList<ParquetColumnSpec> columns, ParquetWriterOptions? options = null, bool leaveOpen = false,
        ParquetWriterMemory? memory = null)
    {
        if (columns.Count == 0) throw new ArgumentException("at least one column is required", nameof(columns));
        var duplicate = columns.GroupBy(c => c.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"column '{duplicate.Key}' is declared twice", nameof(columns));
        foreach (var c in columns)
            if (c.Type == PhysicalType.Int96) throw new ArgumentException($"column '{c.Name}': INT96 is read-only legacy; write TIMESTAMP instead", nameof(columns));
            else if (c.Type == PhysicalType.FixedLenByteArray && c.TypeLength <= 0) throw new ArgumentException($"column '{c.Name}': FIXED_LEN_BYTE_ARRAY needs a positive TypeLength", nameof(columns));
        _options = options ?? new ParquetWriterOptions();
        if (_options.DataPageVersion is not (1 or 2)) throw new ArgumentException("DataPageVersion must be 1 or 2", nameof(options));
        if (_options.Compression is not (ParquetCompression.Uncompressed or ParquetCompression.Snappy or ParquetCompression.Gzip or ParquetCompression.Zstd or ParquetCompression.Brotli))
            throw new ArgumentException($"codec {_options.Compression} not supported for writing", nameof(options));
        _output = output;
        _leaveOpen = leaveOpen;
        Columns = columns;
        _memory = memory;
        _workspace = memory?.Rent(columns) ?? new WriterWorkspace(columns);
        _columns = _workspace.Columns;
        _encoder = new ColumnChunkEncoder(_options, _workspace.Scratch);
        _output.Write("PAR1"u8);
        _position = 4;
    }

    public IReadOnlyList<ParquetColumnSpec> Columns { get; }
    public long RowCount => _rowCount;

    public void WriteNull(int column) => _columns[column].AddNull();
    public void WriteString(int column, string? value) { if (value is null) WriteNull(column); else _columns[column].AddString(value); }
    public void WriteBytes(int column, ReadOnlySpan<byte> value) => _columns[column].AddBytes(value);
    public void WriteInt32(int column, int? value) { if (value is { } v) _columns[column].AddInt32(v); else WriteNull(column); }
    public void WriteInt64(int column, long? value) { if (value is { } v) _columns[column].AddInt64(v); else WriteNull(column); }
    public void WriteFloat(int column, float? value) { if (value is { } v) _columns[column].AddFloat(v); else WriteNull(column); }
    public void WriteDouble(int column, double? value) { if (value is { } v) _columns[column].AddDouble(v); else WriteNull(column); }
    public void WriteBoolean(int column, bool? value) { if (value is { } v) _columns[column].AddBoolean(v); else WriteNull(column); }

    /// <summary>Writes a whole row from CLR values (string, byte[], int, long, float, double, bool, DateOnly, DateTime, null).</summary>
    public void WriteRow(params object?[] values)
    {
        if (values.Length != _columns.Length) throw new ArgumentException($"expected {_columns.Length} values, got {values.Length}");
        for (var c = 0; c < values.Length; c++)
        {
            switch (values[c])
            {
                case null: WriteNull(c); break;
                case string s: _columns[c].AddString(s); break;
                case byte[] b: _columns[c].AddBytes(b); break;
                case int i: _columns[c].AddInt32(i); break;
                case long l: _columns[c].AddInt64(l); break;
                case float f: _columns[c].AddFloat(f); break;
                case double d: _columns[c].AddDouble(d); break;
                case bool b: _columns[c].AddBoolean(b); break;
                case DateOnly date: _columns[c].AddInt32(date.DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber); break;
                case DateTime t: _columns[c].AddInt64(TimestampValue(t, Columns[c].TimestampUnit)); break;
                default: throw new ArgumentException($"column '{Columns[c].Name}': values of type {values[c]!.GetType().Name} are not supported");
            }
        }
        EndRow();
    }

    private static long TimestampValue(DateTime t, TimeUnit unit)
    {
        // Unspecified times are taken as UTC: the machine's zone must not change the bytes.
        var ticks = (t.Kind == DateTimeKind.Local ? t.ToUniversalTime() : t).Ticks - DateTime.UnixEpoch.Ticks;
        return unit switch
        {
            TimeUnit.Millis => ticks / TimeSpan.TicksPerMillisecond,
            TimeUnit.Micros => ticks / 10,
            _ => ticks * 100,
        };
    }

    /// <summary>Completes the current row: every column must have received exactly one value.</summary>
    public void EndRow()
    {
        foreach (var c in _columns)
            if (!c.RowFilled) throw new InvalidOperationException($"row {_rowCount} has no value for column '{c.Spec.Name}'");
        long bytes = 0;
        foreach (var c in _columns)
        {
            c.EndRow();
            bytes += c.EstimatedBytes;
        }
        _rowCount++;
        _rowsInGroup++;
        if (_rowsInGroup >= _options.RowGroupRows || bytes >= _options.RowGroupBytes) FlushRowGroup();
    }

    private void FlushRowGroup()
    {
        if (_rowsInGroup == 0) return;
        var group = new RowGroup { NumRows = _rowsInGroup, FileOffset = _position };
        var start = _position;
        foreach (var c in _columns)
        {
            var meta = _encoder.Write(c, _output, ref _position);
            group.Columns.Add(new ColumnChunk { FileOffset = 0, MetaData = meta });
            group.TotalByteSize += meta.TotalUncompressedSize;
            c.Reset();
        }
        group.TotalCompressedSize = _position - start;
        _rowGroups.Add(group);
        _rowsInGroup = 0;
    }

    /// <summary>Flushes the last row group and writes the footer. The stream is flushed, not closed.</summary>
    public void Finish()
    {
        if (_finished) return;
        foreach (var c in _columns)
            if (c.RowFilled) throw new InvalidOperationException("the last row was not ended");
        FlushRowGroup();
        var metadata = new FileMetaData
        {
            Version = 1,
            Schema = BuildSchema(),
            NumRows = _rowCount,
            RowGroups = _rowGroups,
            KeyValueMetadata = _options.KeyValueMetadata.Select(kv => new KeyValuePair<string, string?>(kv.Key, kv.Value)).ToList(),
            CreatedBy = _options.CreatedBy,
            ColumnOrderCount = _columns.Length,
        };
        var writer = new CompactWriter();
        MetadataWriter.WriteFileMetaData(writer, metadata);
        _output.Write(writer.Written);
        Span<byte> tail = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(tail, writer.Length);
        "PAR1"u8.CopyTo(tail[4..]);
        _output.Write(tail);
        _output.Flush();
        _position += writer.Length + 8;
        _finished = true;
    }

    /// <summary>Bytes written so far.</summary>
    public long Position => _position;

    private List<SchemaElement> BuildSchema()
    {
        var schema = new List<SchemaElement> { new() { Name = "schema", NumChildren = _columns.Length } };
        foreach (var spec in Columns)
        {
            var e = new SchemaElement
            {
                Name = spec.Name,
                Type = spec.Type,
                RepetitionType = spec.Required ? Repetition.Required : Repetition.Optional,
            };
            if (spec.Type == PhysicalType.FixedLenByteArray) e.TypeLength = spec.TypeLength;
            switch (spec.Logical)
            {
                case LogicalKind.String:
                    e.ConvertedType = ConvertedType.Utf8;
                    e.Logical = new LogicalTypeInfo(LogicalKind.String);
                    break;
                case LogicalKind.Json:
                    e.ConvertedType = ConvertedType.Json;
                    e.Logical = new LogicalTypeInfo(LogicalKind.Json);
                    break;
                case LogicalKind.Date:
                    e.ConvertedType = ConvertedType.Date;
                    e.Logical = new LogicalTypeInfo(LogicalKind.Date);
                    break;
                case LogicalKind.Timestamp:
                    if (spec.TimestampUnit == TimeUnit.Millis) e.ConvertedType = ConvertedType.TimestampMillis;
                    else if (spec.TimestampUnit == TimeUnit.Micros) e.ConvertedType = ConvertedType.TimestampMicros;
                    e.Logical = new LogicalTypeInfo(LogicalKind.Timestamp, AdjustedToUtc: true, Unit: spec.TimestampUnit);
                    break;
                case LogicalKind.Decimal:
                    e.ConvertedType = ConvertedType.Decimal;
                    e.Scale = spec.DecimalScale;
                    e.Precision = spec.DecimalPrecision;
                    e.Logical = new LogicalTypeInfo(LogicalKind.Decimal, spec.DecimalScale, spec.DecimalPrecision);
                    break;
                case LogicalKind.None:
                    break;
                default:
                    throw new NotSupportedException($"column '{spec.Name}': writing logical type {spec.Logical} is not supported");
            }
            schema.Add(e);
        }
        return schema;
    }

    public void Dispose()
    {
        // Returned once; a writer used after Dispose would share buffers with the next one, so it must not be.
        if (_workspace is { } workspace && _memory is not null) _memory.Return(workspace);
        _workspace = null;
        if (!_leaveOpen) _output.Dispose();
    }
}
