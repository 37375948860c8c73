using ProvenanceGuard.Formats.Parquet.Compression;
using ProvenanceGuard.Formats.Parquet.Encodings;
using ProvenanceGuard.Formats.Parquet.Metadata;
using ProvenanceGuard.Formats.Parquet.Thrift;

namespace ProvenanceGuard.Formats.Parquet.Writing;

/// <summary>
/// Writes one buffered column as a column chunk: an optional dictionary page, then data pages (v1 or v2) of about
/// the configured size. Pages are compressed in parallel (each page is an independent frame, so the bytes do not
/// depend on scheduling) and written in order; returns the chunk's footer metadata. Page bodies, level prefixes and
/// compressed pages live in the <see cref="EncoderScratch"/> it is given, so a reused scratch allocates nothing new.
/// </summary>
internal sealed class ColumnChunkEncoder
{
    private readonly ParquetWriterOptions _options;
    private readonly EncoderScratch _scratch;
    private readonly CompactWriter _header = new();
    private readonly List<Page> _pages = new();

    public ColumnChunkEncoder(ParquetWriterOptions options, EncoderScratch scratch)
    {
        _options = options;
        _scratch = scratch;
    }

    /// <summary>
    /// A page ready to compress: header, levels kept outside compression (v2), the body to compress, and where its
    /// compressed form goes.
    /// </summary>
    private sealed record Page(PageHeader Header, ReadOnlyMemory<byte> Prefix, ReadOnlyMemory<byte> Body, bool CompressBody, ByteBuffer Compressed);

    public ColumnMetaData Write(ColumnBuffer column, Stream output, ref long position)
    {
        var meta = new ColumnMetaData
        {
            Type = column.Spec.Type,
            PathInSchema = [column.Spec.Name],
            Codec = _options.Compression,
            NumValues = column.Slots,
            Statistics = ChunkStatistics.Compute(column, _options.MaxStatisticsValueBytes),
        };
        var dictionary = _options.Dictionary ? DictionaryBuilder.TryBuild(column, _options.DictionaryPageLimitBytes, _scratch.Dictionary) : null;
        _pages.Clear();
        if (dictionary is not null)
        {
            var header = new PageHeader { Type = PageType.DictionaryPage, NumValues = dictionary.Count, Encoding = ParquetEncoding.Plain };
            _pages.Add(new Page(header, ReadOnlyMemory<byte>.Empty, dictionary.DictionaryPlain.Memory, true, _scratch.Page(0).Compressed));
        }
        var encoding = dictionary is null ? ParquetEncoding.Plain : ParquetEncoding.RleDictionary;

        var slot = 0;
        var value = 0;
        var levels = column.DefinitionLevels;
        while (slot < column.Slots)
        {
            // Extend the page until its PLAIN value bytes reach the target size.
            var firstSlot = slot;
            var firstValue = value;
            var startByte = column.ValueStart(value);
            while (slot < column.Slots)
            {
                var present = levels.Length == 0 || levels[slot] == 1;
                slot++;
                if (present && column.ValueEnd(value++) - startByte >= _options.PageBytes) break;
            }
            _pages.Add(BuildDataPage(column, firstSlot, slot, firstValue, value, encoding, dictionary, _scratch.Page(_pages.Count)));
        }

        CompressAll();
        for (var p = 0; p < _pages.Count; p++)
        {
            if (p == 0 && dictionary is not null) meta.DictionaryPageOffset = position;
            if (p == (dictionary is null ? 0 : 1)) meta.DataPageOffset = position;
            WritePage(_pages[p], meta, output, ref position);
        }
        if (_pages.Count == (dictionary is null ? 0 : 1)) meta.DataPageOffset = position;
        meta.Encodings = dictionary is null
            ? [ParquetEncoding.Plain, ParquetEncoding.Rle]
            : [ParquetEncoding.Plain, ParquetEncoding.Rle, ParquetEncoding.RleDictionary];
        return meta;
    }

    private Page BuildDataPage(ColumnBuffer column, int firstSlot, int endSlot, int firstValue, int endValue, ParquetEncoding encoding, DictionaryBuilder.Result? dictionary,
        PageBuffers buffers)
    {
        var slots = endSlot - firstSlot;
        var values = endValue - firstValue;
        var levels = _scratch.Levels;
        levels.Clear();
        if (column.MaxDefinitionLevel > 0)
            RleHybridEncoder.Encode(column.DefinitionLevels[firstSlot..endSlot], 1, levels);

        // The value section: a slice of the PLAIN buffer when possible (no copy), otherwise encoded into the page's
        // body buffer. The v1 level prefix below is written in front of it there.
        var body = buffers.Body;
        body.Clear();
        var levelsInBody = _options.DataPageVersion == 1 && levels.Length > 0;
        var bodyStart = levelsInBody ? 4 + levels.Length : 0;
        var valuesInBody = true;
        ReadOnlyMemory<byte> valueBytes;
        if (dictionary is not null)
        {
            var bitWidth = RleHybridEncoder.BitWidthFor(Math.Max(0, dictionary.Count - 1));
            body.GetSpan(bodyStart);
            body.Advance(bodyStart);
            body.WriteByte((byte)bitWidth);
            RleHybridEncoder.Encode(dictionary.Indices.AsSpan(firstValue, values), bitWidth, body);
            valueBytes = body.Memory[bodyStart..];
        }
        else if (column.Spec.Type == PhysicalType.Boolean)
        {
            var packedLength = (values + 7) / 8;
            var packed = body.GetSpan(bodyStart + packedLength).Slice(bodyStart, packedLength);
            packed.Clear(); // the buffer holds an earlier page's bytes
            for (var i = 0; i < values; i++)
                if (column.ValueBytes(firstValue + i)[0] != 0) packed[i >> 3] |= (byte)(1 << (i & 7));
            body.Advance(bodyStart + packedLength);
            valueBytes = body.Memory[bodyStart..];
        }
        else
        {
            valuesInBody = false;
            valueBytes = values == 0 ? ReadOnlyMemory<byte>.Empty : column.Plain.Memory[column.ValueStart(firstValue)..column.ValueEnd(endValue - 1)];
        }

        if (_options.DataPageVersion == 2)
        {
            var header = new PageHeader
            {
                Type = PageType.DataPageV2,
                NumValues = slots,
                NumNulls = slots - values,
                NumRows = slots,
                Encoding = encoding,
                DefinitionLevelsByteLength = levels.Length,
                RepetitionLevelsByteLength = 0,
                IsCompressed = _options.Compression != ParquetCompression.Uncompressed,
            };
            buffers.Prefix.Clear();
            buffers.Prefix.Write(levels.Span);
            return new Page(header, buffers.Prefix.Memory, valueBytes, header.IsCompressed, buffers.Compressed);
        }

        var v1 = new PageHeader { Type = PageType.DataPage, NumValues = slots, Encoding = encoding };
        if (!levelsInBody) return new Page(v1, ReadOnlyMemory<byte>.Empty, valueBytes, true, buffers.Compressed);
        // v1 pages carry levels (with a 4-byte length) inside the compressed body: in front of values already encoded
        // there, or in front of a copy of the PLAIN slice.
        if (!valuesInBody)
        {
            body.GetSpan(bodyStart + valueBytes.Length);
            body.Advance(bodyStart);
            body.Write(valueBytes.Span);
        }
        var head = body.RawArray.AsSpan(0, bodyStart);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(head, levels.Length);
        levels.Span.CopyTo(head[4..]);
        return new Page(v1, ReadOnlyMemory<byte>.Empty, body.Memory, true, buffers.Compressed);
    }

    private void CompressAll()
    {
        if (_options.Compression == ParquetCompression.Uncompressed) return;
        void Compress(int p)
        {
            if (_pages[p].CompressBody) PageCodec.Compress(_options.Compression, _pages[p].Body.Span, _pages[p].Compressed, _options.ZstdLevel);
        }
        var totalBytes = _pages.Sum(p => (long)p.Body.Length);
        if (_pages.Count > 1 && totalBytes > 1 << 20)
            Parallel.For(0, _pages.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, Compress);
        else
            for (var p = 0; p < _pages.Count; p++) Compress(p);
    }

    /// <summary>Writes header + [uncompressed prefix] + (compressed) body and accounts the sizes in <paramref name="meta"/>.</summary>
    private void WritePage(Page page, ColumnMetaData meta, Stream output, ref long position)
    {
        var header = page.Header;
        var stored = page.CompressBody && _options.Compression != ParquetCompression.Uncompressed ? page.Compressed.Span : page.Body.Span;
        header.UncompressedPageSize = checked(page.Prefix.Length + page.Body.Length);
        header.CompressedPageSize = checked(page.Prefix.Length + stored.Length);
        _header.Reset();
        MetadataWriter.WritePageHeader(_header, header);
        output.Write(_header.Written);
        output.Write(page.Prefix.Span);
        output.Write(stored);
        position += _header.Length + header.CompressedPageSize;
        meta.TotalUncompressedSize += _header.Length + header.UncompressedPageSize;
        meta.TotalCompressedSize += _header.Length + header.CompressedPageSize;
    }
}
