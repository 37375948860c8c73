using System.Buffers;
using System.Buffers.Binary;
using ProvenanceGuard.Formats.Parquet.Compression;
using ProvenanceGuard.Formats.Parquet.Encodings;
using ProvenanceGuard.Formats.Parquet.Metadata;
using ProvenanceGuard.Formats.Parquet.Thrift;

namespace ProvenanceGuard.Formats.Parquet.Reading;

/// <summary>
/// Decodes one column chunk (its pages, already read into memory) into a <see cref="ParquetColumnChunk"/>: dictionary
/// page, data pages v1 and v2, levels and values. Every declared size is checked before it is used.
/// </summary>
internal sealed class ColumnChunkDecoder
{
    private readonly ParquetReaderOptions _options;
    private byte[] _scratch = Array.Empty<byte>();

    public ColumnChunkDecoder(ParquetReaderOptions options) => _options = options;

    public ParquetColumnChunk Decode(ParquetColumnDescriptor column, ColumnMetaData meta, int rowGroup, ReadOnlySpan<byte> chunk, long chunkOffset)
    {
        if (!PageCodec.IsSupported(meta.Codec))
            throw new ParquetFormatException($"codec {meta.Codec} not supported (column '{column.DottedPath}')", chunkOffset);
        if (meta.Type != column.PhysicalType)
            throw new ParquetFormatException($"column '{column.DottedPath}' chunk is {meta.Type} but the schema says {column.PhysicalType}", chunkOffset);
        if (meta.NumValues < 0 || meta.NumValues > int.MaxValue)
            throw new ParquetFormatException($"column '{column.DottedPath}' claims {meta.NumValues} values", chunkOffset);
        var totalValues = (int)meta.NumValues;
        var store = new ValueStore(column.PhysicalType, column.TypeLength);
        ValueStore? dictionary = null;
        var hasDef = column.MaxDefinitionLevel > 0;
        var hasRep = column.MaxRepetitionLevel > 0;
        int[]? defLevels = null, repLevels = null;
        var levelCount = 0;
        var pos = 0;
        while (levelCount < totalValues)
        {
            if (pos >= chunk.Length)
                throw new ParquetFormatException($"column '{column.DottedPath}' ends after {levelCount} of {totalValues} values", chunkOffset + pos);
            var reader = new CompactReader(chunk.Slice(pos), chunkOffset + pos);
            var header = MetadataReader.ReadPageHeader(ref reader);
            pos += reader.Position;
            var pageOffset = chunkOffset + pos;
            if (header.CompressedPageSize > chunk.Length - pos)
                throw new ParquetFormatException($"page of {header.CompressedPageSize} bytes runs past the end of column '{column.DottedPath}'", pageOffset);
            if (header.UncompressedPageSize > _options.MaxPageBytes)
                throw new ParquetFormatException($"page declares {header.UncompressedPageSize} uncompressed bytes, above the {_options.MaxPageBytes}-byte limit", pageOffset);
            var body = chunk.Slice(pos, header.CompressedPageSize);
            pos += header.CompressedPageSize;
            switch (header.Type)
            {
                case PageType.DictionaryPage:
                {
                    if (dictionary is not null) throw new ParquetFormatException($"second dictionary page in column '{column.DottedPath}'", pageOffset);
                    if (!header.HasTypeHeader || header.NumValues < 0) throw new ParquetFormatException("dictionary page without a valid header", pageOffset);
                    if (header.Encoding is not (ParquetEncoding.Plain or ParquetEncoding.PlainDictionary))
                        throw new ParquetFormatException($"dictionary page encoding {header.Encoding} not supported", pageOffset);
                    var data = Decompress(meta.Codec, body, header.UncompressedPageSize, pageOffset);
                    if (header.NumValues > Math.Max(data.Length * 8L, 0) && column.PhysicalType != PhysicalType.ByteArray)
                        throw new ParquetFormatException($"dictionary page claims {header.NumValues} values in {data.Length} bytes", pageOffset);
                    if (column.PhysicalType == PhysicalType.ByteArray && header.NumValues > data.Length / 4)
                        throw new ParquetFormatException($"dictionary page claims {header.NumValues} values in {data.Length} bytes", pageOffset);
                    dictionary = new ValueStore(column.PhysicalType, column.TypeLength);
                    PlainDecoder.Decode(data, header.NumValues, dictionary, pageOffset);
                    break;
                }
                case PageType.DataPage:
                case PageType.DataPageV2:
                {
                    if (!header.HasTypeHeader) throw new ParquetFormatException("data page without its type header", pageOffset);
                    var n = header.NumValues;
                    if (n < 0 || n > totalValues - levelCount || n > _options.MaxValuesPerPage)
                        throw new ParquetFormatException($"data page claims {n} values where {totalValues - levelCount} remain in column '{column.DottedPath}'", pageOffset);
                    if (hasDef) Grow(ref defLevels, levelCount + n, totalValues);
                    if (hasRep) Grow(ref repLevels, levelCount + n, totalValues);
                    var defSpan = hasDef ? defLevels.AsSpan(levelCount, n) : default;
                    var repSpan = hasRep ? repLevels.AsSpan(levelCount, n) : default;
                    if (header.Type == PageType.DataPage)
                        DecodeV1(column, meta.Codec, header, body, pageOffset, defSpan, repSpan, store, dictionary);
                    else
                        DecodeV2(column, meta.Codec, header, body, pageOffset, defSpan, repSpan, store, dictionary);
                    levelCount += n;
                    break;
                }
                default:
                    break; // index pages and unknown page types carry nothing we need
            }
        }
        return new ParquetColumnChunk(column, rowGroup, store, defLevels, repLevels, levelCount);
    }

    private static void Grow(ref int[]? array, int needed, int max)
    {
        if (array is not null && array.Length >= needed) return;
        var size = Math.Min(Math.Max(needed, (array?.Length ?? 0) * 2), max);
        Array.Resize(ref array, Math.Max(size, needed));
    }

    private ReadOnlySpan<byte> Decompress(ParquetCompression codec, ReadOnlySpan<byte> body, int uncompressedSize, long offset)
    {
        if (codec == ParquetCompression.Uncompressed)
        {
            if (body.Length != uncompressedSize)
                throw new ParquetFormatException($"uncompressed page holds {body.Length} bytes but declares {uncompressedSize}", offset);
            return body;
        }
        if (_scratch.Length < uncompressedSize) _scratch = new byte[Math.Max(uncompressedSize, Math.Min(_scratch.Length * 2, _options.MaxPageBytes))];
        var target = _scratch.AsSpan(0, uncompressedSize);
        PageCodec.Decompress(codec, body, target, offset);
        return target;
    }

    private void DecodeV1(ParquetColumnDescriptor column, ParquetCompression codec, PageHeader header, ReadOnlySpan<byte> body, long offset,
        Span<int> def, Span<int> rep, ValueStore store, ValueStore? dictionary)
    {
        var data = Decompress(codec, body, header.UncompressedPageSize, offset);
        var pos = 0;
        if (rep.Length > 0)
        {
            if (header.RepetitionLevelEncoding != ParquetEncoding.Rle) throw new ParquetFormatException($"repetition level encoding {header.RepetitionLevelEncoding} not supported", offset);
            pos += ReadPrefixedLevels(data, column.MaxRepetitionLevel, rep, offset);
        }
        if (def.Length > 0)
        {
            if (header.DefinitionLevelEncoding != ParquetEncoding.Rle) throw new ParquetFormatException($"definition level encoding {header.DefinitionLevelEncoding} not supported", offset);
            pos += ReadPrefixedLevels(data.Slice(pos), column.MaxDefinitionLevel, def, offset + pos);
        }
        var present = CountPresent(def, column.MaxDefinitionLevel, header.NumValues, offset);
        ValueDecoders.Decode(header.Encoding, data.Slice(pos), present, store, dictionary, column, offset + pos);
    }

    private void DecodeV2(ParquetColumnDescriptor column, ParquetCompression codec, PageHeader header, ReadOnlySpan<byte> body, long offset,
        Span<int> def, Span<int> rep, ValueStore store, ValueStore? dictionary)
    {
        var repBytes = header.RepetitionLevelsByteLength;
        var defBytes = header.DefinitionLevelsByteLength;
        if (repBytes < 0 || defBytes < 0 || (long)repBytes + defBytes > body.Length)
            throw new ParquetFormatException($"v2 page level sections ({repBytes} + {defBytes} bytes) exceed the page's {body.Length} bytes", offset);
        if (rep.Length > 0) RleHybridDecoder.Decode(body.Slice(0, repBytes), LevelBitWidth(column.MaxRepetitionLevel), rep, offset);
        if (def.Length > 0) RleHybridDecoder.Decode(body.Slice(repBytes, defBytes), LevelBitWidth(column.MaxDefinitionLevel), def, offset + repBytes);
        CheckLevels(rep, column.MaxRepetitionLevel, offset);
        CheckLevels(def, column.MaxDefinitionLevel, offset);
        var valuesBody = body.Slice(repBytes + defBytes);
        var valuesSize = header.UncompressedPageSize - repBytes - defBytes;
        if (valuesSize < 0) throw new ParquetFormatException("v2 page declares fewer uncompressed bytes than its level sections", offset);
        var data = header.IsCompressed ? Decompress(codec, valuesBody, valuesSize, offset + repBytes + defBytes) : Decompress(ParquetCompression.Uncompressed, valuesBody, valuesSize, offset);
        var present = CountPresent(def, column.MaxDefinitionLevel, header.NumValues, offset);
        ValueDecoders.Decode(header.Encoding, data, present, store, dictionary, column, offset + repBytes + defBytes);
    }

    private static int ReadPrefixedLevels(ReadOnlySpan<byte> data, int maxLevel, Span<int> levels, long offset)
    {
        if (data.Length < 4) throw new ParquetFormatException("level section lacks its length prefix", offset);
        var length = BinaryPrimitives.ReadInt32LittleEndian(data);
        if (length < 0 || length > data.Length - 4) throw new ParquetFormatException($"level section length {length} runs past the end of the page", offset);
        RleHybridDecoder.Decode(data.Slice(4, length), LevelBitWidth(maxLevel), levels, offset + 4);
        CheckLevels(levels, maxLevel, offset);
        return 4 + length;
    }

    private static void CheckLevels(Span<int> levels, int maxLevel, long offset)
    {
        foreach (var l in levels)
            if ((uint)l > (uint)maxLevel) throw new ParquetFormatException($"level {l} exceeds the column's maximum {maxLevel}", offset);
    }

    private static int CountPresent(Span<int> def, int maxDef, int numValues, long offset)
    {
        if (def.Length == 0) return numValues;
        var present = 0;
        foreach (var d in def) if (d == maxDef) present++;
        return present;
    }

    internal static int LevelBitWidth(int maxLevel) => maxLevel == 0 ? 0 : 32 - int.LeadingZeroCount(maxLevel);
}
