using System.Buffers.Binary;
using ProvenanceGuard.Formats.Parquet.Metadata;
using ProvenanceGuard.Formats.Parquet.Reading;
using ProvenanceGuard.Formats.Parquet.Thrift;

namespace ProvenanceGuard.Formats.Parquet;

/// <summary>
/// Reads a Parquet file: footer, schema and row groups, then column chunks on demand, one row group at a time, so
/// memory stays bounded by the projected columns of one row group. Malformed input raises
/// <see cref="ParquetFormatException"/> naming the file and byte offset.
/// </summary>
public sealed class ParquetFileReader : IDisposable
{
    private static ReadOnlySpan<byte> Magic => "PAR1"u8;

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly FileMetaData _metadata;
    private readonly long _footerStart;
    private readonly ParquetReaderOptions _options;
    private readonly Lane _lane;

    /// <summary>A decoder and its read buffer: one for <see cref="ReadColumn"/>, one per concurrent row group in <see cref="ScanColumn"/>.</summary>
    private sealed class Lane(ColumnChunkDecoder decoder)
    {
        public ColumnChunkDecoder Decoder { get; } = decoder;
        public byte[] ChunkBuffer = Array.Empty<byte>();
    }

    public ParquetFileReader(Stream stream, string? name = null, bool leaveOpen = false, ParquetReaderOptions? options = null)
    {
        if (!stream.CanSeek || !stream.CanRead) throw new ArgumentException("a readable, seekable stream is required", nameof(stream));
        _stream = stream;
        _leaveOpen = leaveOpen;
        Name = name ?? "<stream>";
        _options = options ?? ParquetReaderOptions.Default;
        _lane = new Lane(new ColumnChunkDecoder(_options, parallelPages: true));
        try
        {
            (_metadata, _footerStart) = ReadFooter();
            Schema = ParquetSchema.FromElements(_metadata.Schema);
            ValidateRowGroups();
        }
        catch (ParquetFormatException e)
        {
            if (!leaveOpen) stream.Dispose();
            throw e.InFile(Name);
        }
        KeyValueMetadata = _metadata.KeyValueMetadata
            .GroupBy(kv => kv.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal);
    }

    /// <summary>Opens the file at <paramref name="path"/> for reading.</summary>
    public static ParquetFileReader Open(string path, ParquetReaderOptions? options = null)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.RandomAccess);
        return new ParquetFileReader(stream, path, leaveOpen: false, options);
    }

    public string Name { get; }
    public ParquetSchema Schema { get; }
    public long RowCount => _metadata.NumRows;
    public int RowGroupCount => _metadata.RowGroups.Count;
    public string? CreatedBy => _metadata.CreatedBy;
    public IReadOnlyDictionary<string, string?> KeyValueMetadata { get; }

    public long GetRowGroupRowCount(int rowGroup) => _metadata.RowGroups[rowGroup].NumRows;

    /// <summary>The codec of a column chunk (tests and tools inspect what a writer chose).</summary>
    public ParquetCompression GetCompression(int rowGroup, int column) => _metadata.RowGroups[rowGroup].Columns[column].MetaData!.Codec;

    /// <summary>The encodings a column chunk's metadata lists.</summary>
    public IReadOnlyList<ParquetEncoding> GetEncodings(int rowGroup, int column) => _metadata.RowGroups[rowGroup].Columns[column].MetaData!.Encodings;

    /// <summary>The null count, and min/max as raw PLAIN bytes, from a column chunk's statistics (null when absent).</summary>
    public (long? NullCount, byte[]? Min, byte[]? Max)? GetStatistics(int rowGroup, int column)
    {
        var s = _metadata.RowGroups[rowGroup].Columns[column].MetaData!.Statistics;
        return s is null ? null : (s.NullCount, s.MinValue ?? s.Min, s.MaxValue ?? s.Max);
    }

    /// <summary>The byte range [start, start + length) a column chunk occupies in the file.</summary>
    public (long Start, int Length) GetColumnChunkRange(int rowGroup, ParquetColumnDescriptor column) =>
        ChunkRange(_metadata.RowGroups[rowGroup].Columns[column.Index].MetaData!, column);

    /// <summary>
    /// Reads and decodes one leaf column of one row group. Passing a chunk the caller no longer uses as
    /// <paramref name="recycle"/> lets its buffers be reused (it must not be read afterwards).
    /// </summary>
    public ParquetColumnChunk ReadColumn(int rowGroup, ParquetColumnDescriptor column, ParquetColumnChunk? recycle = null)
    {
        if ((uint)rowGroup >= (uint)RowGroupCount) throw new ArgumentOutOfRangeException(nameof(rowGroup));
        if (recycle is not null) _lane.Decoder.Recycle(recycle.DetachBuffer());
        return ReadColumn(_lane, rowGroup, column);
    }

    /// <summary>
    /// Streams one column through every row group, decoding up to <paramref name="parallelism"/> row groups at once
    /// (default: one per core) and yielding them in order. Each chunk is valid until the next one is requested: its
    /// buffer is then reused. Memory is bounded by <paramref name="parallelism"/> + 1 chunks of the column.
    /// </summary>
    public IEnumerable<ParquetColumnChunk> ScanColumn(ParquetColumnDescriptor column, int parallelism = 0)
    {
        var laneCount = Math.Clamp(parallelism <= 0 ? Environment.ProcessorCount : parallelism, 1, 64);
        if (laneCount == 1 || RowGroupCount <= 1)
        {
            ParquetColumnChunk? previous = null;
            for (var g = 0; g < RowGroupCount; g++) yield return previous = ReadColumn(g, column, previous);
            yield break;
        }
        // Row groups run whole on one core each (no page-level parallelism), as independent lanes.
        var lanes = Enumerable.Range(0, laneCount).Select(_ => new Lane(new ColumnChunkDecoder(_options, parallelPages: false))).ToArray();
        var pending = new Task<ParquetColumnChunk>?[RowGroupCount];
        var next = 0;
        void Start(int g) => pending[g] = Task.Run(() => ReadColumn(lanes[g % laneCount], g, column));
        try
        {
            for (; next < Math.Min(laneCount, RowGroupCount); next++) Start(next);
            for (var g = 0; g < RowGroupCount; g++)
            {
                var chunk = pending[g]!.GetAwaiter().GetResult();
                pending[g] = null;
                yield return chunk;
                // The caller has moved on: chunk g's lane is free and may reuse its buffer for row group g + lanes.
                lanes[g % laneCount].Decoder.Recycle(chunk.DetachBuffer());
                if (next < RowGroupCount) Start(next++);
            }
        }
        finally
        {
            // Never leave reads running against a stream the caller may dispose next.
            foreach (var task in pending)
                if (task is not null) ((IAsyncResult)task).AsyncWaitHandle.WaitOne();
        }
    }

    private ParquetColumnChunk ReadColumn(Lane lane, int rowGroup, ParquetColumnDescriptor column)
    {
        try
        {
            var meta = _metadata.RowGroups[rowGroup].Columns[column.Index].MetaData!;
            var (start, length) = ChunkRange(meta, column);
            if (lane.ChunkBuffer.Length < length) lane.ChunkBuffer = GC.AllocateUninitializedArray<byte>((int)Math.Max(length, Math.Min(lane.ChunkBuffer.Length * 2L, Array.MaxLength)));
            lock (_stream)
            {
                _stream.Position = start;
                _stream.ReadExactly(lane.ChunkBuffer, 0, length);
            }
            var chunk = lane.Decoder.Decode(column, meta, rowGroup, lane.ChunkBuffer, length, start);
            var rows = _metadata.RowGroups[rowGroup].NumRows;
            if (column.MaxRepetitionLevel == 0 && chunk.LevelCount != rows)
                throw new ParquetFormatException($"column '{column.DottedPath}' holds {chunk.LevelCount} values in a row group of {rows} rows", start);
            return chunk;
        }
        catch (ParquetFormatException e)
        {
            throw e.InFile(Name);
        }
        catch (EndOfStreamException e)
        {
            throw new ParquetFormatException("file ends inside a column chunk", -1, e).InFile(Name);
        }
    }

    /// <summary>Reads the leaf columns of the named top-level fields for one row group (the rest of the file is not read).</summary>
    public IReadOnlyList<ParquetColumnChunk> ReadFields(int rowGroup, IEnumerable<string> fieldNames)
    {
        var chunks = new List<ParquetColumnChunk>();
        foreach (var name in fieldNames)
            foreach (var leaf in Schema.GetField(name).Leaves)
                chunks.Add(ReadColumn(rowGroup, leaf));
        return chunks;
    }

    /// <summary>
    /// Streams rows, row group by row group, holding only the requested top-level fields (all primitive and
    /// list-of-primitive fields when none are named). Each row is a new array in field order.
    /// </summary>
    public IEnumerable<object?[]> ReadRows(params string[] fieldNames)
    {
        var fields = fieldNames.Length > 0
            ? fieldNames.Select(Schema.GetField).ToArray()
            : Schema.Fields.Where(f => f.Shape != ParquetFieldShape.Nested).ToArray();
        foreach (var f in fields)
            if (f.Shape == ParquetFieldShape.Nested)
                throw new NotSupportedException($"field '{f.Name}' is a nested group; only primitive and list-of-primitive fields can be read as rows");
        var previous = new ParquetColumnChunk?[fields.Length];
        for (var g = 0; g < RowGroupCount; g++)
        {
            var rows = (int)GetRowGroupRowCount(g);
            var columns = new object?[fields.Length][];
            for (var c = 0; c < fields.Length; c++)
            {
                // Row values are materialized, so the previous row group's chunk can lend its buffers.
                previous[c] = ReadColumn(g, fields[c].Leaf, previous[c]);
                columns[c] = RowAssembler.Assemble(fields[c], previous[c]!, Name);
                if (columns[c].Length != rows)
                    throw new ParquetFormatException($"{Name}: field '{fields[c].Name}' assembles {columns[c].Length} rows in a row group of {rows}", -1);
            }
            for (var r = 0; r < rows; r++)
            {
                var row = new object?[fields.Length];
                for (var c = 0; c < fields.Length; c++) row[c] = columns[c][r];
                yield return row;
            }
        }
    }

    private (long Start, int Length) ChunkRange(ColumnMetaData meta, ParquetColumnDescriptor column)
    {
        var start = meta.DataPageOffset;
        if (meta.DictionaryPageOffset is > 0 and var dict && dict < start) start = dict;
        var length = meta.TotalCompressedSize;
        if (start < Magic.Length || length <= 0 || length > Array.MaxLength || start > _footerStart || length > _footerStart - start)
            throw new ParquetFormatException($"column '{column.DottedPath}' chunk [{start}, +{length}) lies outside the file's data region", start);
        return (start, (int)length);
    }

    private (FileMetaData, long) ReadFooter()
    {
        var fileLength = _stream.Length;
        if (fileLength < 12) throw new ParquetFormatException($"file of {fileLength} bytes is too short to be Parquet", 0);
        Span<byte> head = stackalloc byte[4];
        _stream.Position = 0;
        _stream.ReadExactly(head);
        if (!head.SequenceEqual(Magic)) throw new ParquetFormatException("file does not start with PAR1", 0);
        Span<byte> tail = stackalloc byte[8];
        _stream.Position = fileLength - 8;
        _stream.ReadExactly(tail);
        if (!tail.Slice(4).SequenceEqual(Magic))
            throw new ParquetFormatException(tail.Slice(4).SequenceEqual("PARE"u8) ? "encrypted Parquet files are not supported" : "file does not end with PAR1", fileLength - 4);
        var footerLength = BinaryPrimitives.ReadInt32LittleEndian(tail);
        if (footerLength <= 0 || footerLength > fileLength - 12 || footerLength > _options.MaxFooterBytes)
            throw new ParquetFormatException($"footer length {footerLength} is invalid for a file of {fileLength} bytes", fileLength - 8);
        var footerStart = fileLength - 8 - footerLength;
        var footer = new byte[footerLength];
        _stream.Position = footerStart;
        _stream.ReadExactly(footer);
        var reader = new CompactReader(footer, footerStart);
        var metadata = MetadataReader.ReadFileMetaData(ref reader);
        return (metadata, footerStart);
    }

    private void ValidateRowGroups()
    {
        long total = 0;
        foreach (var group in _metadata.RowGroups)
        {
            if (group.NumRows < 0 || group.NumRows > int.MaxValue) throw new ParquetFormatException($"row group claims {group.NumRows} rows", -1);
            if (group.Columns.Count != Schema.Columns.Count)
                throw new ParquetFormatException($"row group has {group.Columns.Count} column chunks, the schema {Schema.Columns.Count} columns", -1);
            foreach (var c in group.Columns)
                if (c.MetaData is null) throw new ParquetFormatException("column chunk without embedded metadata", -1);
            total += group.NumRows;
        }
        if (total != _metadata.NumRows) throw new ParquetFormatException($"row groups hold {total} rows, the footer says {_metadata.NumRows}", -1);
    }

    public void Dispose()
    {
        if (!_leaveOpen) _stream.Dispose();
    }
}
