using ProvenanceGuard.Formats.Parquet.Compression;
using ProvenanceGuard.Formats.Parquet.Encodings;
using ProvenanceGuard.Formats.Parquet.Metadata;
using ProvenanceGuard.Formats.Parquet.Thrift;

namespace ProvenanceGuard.Formats.Parquet.Writing;

/// <summary>
/// Writes one buffered column as a column chunk: an optional dictionary page, then data pages (v1 or v2) of about
/// the configured size, each compressed with the file's codec; returns the chunk's footer metadata.
/// </summary>
internal sealed class ColumnChunkEncoder
{
    private readonly ParquetWriterOptions _options;
    private readonly CompactWriter _header = new();
    private readonly ByteBuffer _page = new(1 << 16);
    private readonly ByteBuffer _levels = new(1 << 12);
    private readonly ByteBuffer _compressed = new(1 << 16);
    private readonly ByteBuffer _body = new(1 << 16);

    public ColumnChunkEncoder(ParquetWriterOptions options) => _options = options;

    public ColumnMetaData Write(ColumnBuffer column, Stream output, ref long position)
    {
        var codec = _options.Compression;
        var meta = new ColumnMetaData
        {
            Type = column.Spec.Type,
            PathInSchema = [column.Spec.Name],
            Codec = codec,
            NumValues = column.Slots,
            Statistics = ChunkStatistics.Compute(column, _options.MaxStatisticsValueBytes),
        };
        var dictionary = _options.Dictionary ? DictionaryBuilder.TryBuild(column, _options.DictionaryPageLimitBytes) : null;
        var valueEncoding = ParquetEncoding.Plain;
        if (dictionary is not null)
        {
            meta.DictionaryPageOffset = position;
            var header = new PageHeader { Type = PageType.DictionaryPage, NumValues = dictionary.Count, Encoding = ParquetEncoding.Plain };
            WritePage(header, dictionary.DictionaryPlain.Span, ReadOnlySpan<byte>.Empty, compressBody: true, meta, output, ref position);
            valueEncoding = ParquetEncoding.RleDictionary;
        }
        meta.DataPageOffset = position;

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
                if (levels.Length == 0 || levels[slot] == 1)
                {
                    value++;
                    if (column.ValueEnd(value - 1) - startByte >= _options.PageBytes)
                    {
                        slot++;
                        break;
                    }
                }
                slot++;
            }
            WriteDataPage(column, firstSlot, slot, firstValue, value, valueEncoding, dictionary, meta, output, ref position);
        }

        meta.Encodings = dictionary is null
            ? [ParquetEncoding.Plain, ParquetEncoding.Rle]
            : [ParquetEncoding.Plain, ParquetEncoding.Rle, ParquetEncoding.RleDictionary];
        return meta;
    }

    private void WriteDataPage(ColumnBuffer column, int firstSlot, int endSlot, int firstValue, int endValue, ParquetEncoding encoding,
        DictionaryBuilder.Result? dictionary, ColumnMetaData meta, Stream output, ref long position)
    {
        var slots = endSlot - firstSlot;
        var values = endValue - firstValue;
        _levels.Clear();
        if (column.MaxDefinitionLevel > 0)
            RleHybridEncoder.Encode(column.DefinitionLevels[firstSlot..endSlot], 1, _levels);

        // The value section: a slice of the PLAIN buffer when possible, otherwise encoded into _page.
        ReadOnlySpan<byte> valueBytes;
        if (dictionary is not null)
        {
            var indices = dictionary.Indices.AsSpan(firstValue, values);
            var bitWidth = RleHybridEncoder.BitWidthFor(Math.Max(0, dictionary.Count - 1));
            _page.Clear();
            _page.WriteByte((byte)bitWidth);
            RleHybridEncoder.Encode(indices, bitWidth, _page);
            valueBytes = _page.Span;
        }
        else if (column.Spec.Type == PhysicalType.Boolean)
        {
            _page.Clear();
            var span = _page.GetSpan((values + 7) / 8);
            span[..((values + 7) / 8)].Clear();
            for (var i = 0; i < values; i++)
                if (column.ValueBytes(firstValue + i)[0] != 0) span[i >> 3] |= (byte)(1 << (i & 7));
            _page.Advance((values + 7) / 8);
            valueBytes = _page.Span;
        }
        else
        {
            valueBytes = values == 0 ? ReadOnlySpan<byte>.Empty : column.Plain.Span[column.ValueStart(firstValue)..column.ValueEnd(endValue - 1)];
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
                DefinitionLevelsByteLength = _levels.Length,
                RepetitionLevelsByteLength = 0,
                IsCompressed = _options.Compression != ParquetCompression.Uncompressed,
            };
            WritePage(header, valueBytes, _levels.Span, header.IsCompressed, meta, output, ref position);
            return;
        }

        var v1 = new PageHeader { Type = PageType.DataPage, NumValues = slots, Encoding = encoding };
        if (_levels.Length == 0)
        {
            WritePage(v1, valueBytes, ReadOnlySpan<byte>.Empty, compressBody: true, meta, output, ref position);
            return;
        }
        // v1 pages carry levels (with a 4-byte length) inside the compressed body.
        _body.Clear();
        _body.WriteInt32(_levels.Length);
        _body.Write(_levels.Span);
        _body.Write(valueBytes);
        WritePage(v1, _body.Span, ReadOnlySpan<byte>.Empty, compressBody: true, meta, output, ref position);
    }

    /// <summary>Writes header + [uncompressed prefix] + (compressed) body and accounts the sizes in <paramref name="meta"/>.</summary>
    private void WritePage(PageHeader header, ReadOnlySpan<byte> body, ReadOnlySpan<byte> uncompressedPrefix, bool compressBody, ColumnMetaData meta, Stream output, ref long position)
    {
        ReadOnlySpan<byte> stored = body;
        if (compressBody && _options.Compression != ParquetCompression.Uncompressed)
        {
            PageCodec.Compress(_options.Compression, body, _compressed, _options.ZstdLevel);
            stored = _compressed.Span;
        }
        header.UncompressedPageSize = checked(uncompressedPrefix.Length + body.Length);
        header.CompressedPageSize = checked(uncompressedPrefix.Length + stored.Length);
        _header.Reset();
        MetadataWriter.WritePageHeader(_header, header);
        output.Write(_header.Written);
        output.Write(uncompressedPrefix);
        output.Write(stored);
        position += _header.Length + header.CompressedPageSize;
        meta.TotalUncompressedSize += _header.Length + header.UncompressedPageSize;
        meta.TotalCompressedSize += _header.Length + header.CompressedPageSize;
    }
}
