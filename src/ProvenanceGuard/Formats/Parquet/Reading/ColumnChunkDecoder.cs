using System.Buffers.Binary;
using ProvenanceGuard.Formats.Parquet.Compression;
using ProvenanceGuard.Formats.Parquet.Encodings;
using ProvenanceGuard.Formats.Parquet.Metadata;
using ProvenanceGuard.Formats.Parquet.Thrift;

namespace ProvenanceGuard.Formats.Parquet.Reading;

/// <summary>
/// Decodes one column chunk (its pages, already read into memory) into a <see cref="ParquetColumnChunk"/> in three
/// steps: walk and check every page header; decompress all pages, in parallel, into one buffer at offsets the headers
/// fix; then decode levels and values page by page. PLAIN byte arrays are referenced inside that buffer, not copied.
/// </summary>
internal sealed class ColumnChunkDecoder
{
    private readonly ParquetReaderOptions _options;
    private readonly bool _parallelPages;
    private byte[] _pageScratch = Array.Empty<byte>();

    /// <param name="parallelPages">Decompress a chunk's pages on all cores (off when row groups already run in parallel).</param>
    public ColumnChunkDecoder(ParquetReaderOptions options, bool parallelPages)
    {
        _options = options;
        _parallelPages = parallelPages;
    }

    /// <summary>Offers a buffer from a chunk the caller is done with; the larger of it and the current scratch is kept.</summary>
    public void Recycle(byte[] buffer)
    {
        if (buffer.Length > _pageScratch.Length) _pageScratch = buffer;
    }

    /// <summary>Where a page's body sits in the chunk and where its decompressed form goes.</summary>
    private sealed record PageRef(PageHeader Header, int BodyOffset, int BodyLength, long FileOffset, int DataOffset, int DataLength);

    public ParquetColumnChunk Decode(ParquetColumnDescriptor column, ColumnMetaData meta, int rowGroup, byte[] chunk, int chunkLength, long chunkOffset)
    {
        if (!PageCodec.IsSupported(meta.Codec))
            throw new ParquetFormatException($"codec {meta.Codec} not supported (column '{column.DottedPath}')", chunkOffset);
        if (meta.Type != column.PhysicalType)
            throw new ParquetFormatException($"column '{column.DottedPath}' chunk is {meta.Type} but the schema says {column.PhysicalType}", chunkOffset);
        if (meta.NumValues < 0 || meta.NumValues > int.MaxValue)
            throw new ParquetFormatException($"column '{column.DottedPath}' claims {meta.NumValues} values", chunkOffset);

        var pages = WalkPages(column, (int)meta.NumValues, chunk.AsSpan(0, chunkLength), chunkOffset, out var dataBytes);
        var pageData = DecompressAll(meta.Codec, pages, chunk, dataBytes);

        var store = new ValueStore(column.PhysicalType, column.TypeLength);
        var inPlace = column.PhysicalType == PhysicalType.ByteArray;
        if (inPlace) store.AdoptBytes(pageData, dataBytes);
        else _pageScratch = pageData;

        var hasDef = column.MaxDefinitionLevel > 0;
        var hasRep = column.MaxRepetitionLevel > 0;
        var totalValues = (int)meta.NumValues;
        int[]? defLevels = null, repLevels = null;
        ValueStore? dictionary = null;
        var levelCount = 0;
        foreach (var page in pages)
        {
            var data = pageData.AsSpan(page.DataOffset, page.DataLength);
            var h = page.Header;
            if (h.Type == PageType.DictionaryPage)
            {
                if (dictionary is not null) throw new ParquetFormatException($"second dictionary page in column '{column.DottedPath}'", page.FileOffset);
                if (column.PhysicalType == PhysicalType.ByteArray ? h.NumValues > data.Length / 4 : h.NumValues > data.Length * 8L)
                    throw new ParquetFormatException($"dictionary page claims {h.NumValues} values in {data.Length} bytes", page.FileOffset);
                dictionary = new ValueStore(column.PhysicalType, column.TypeLength);
                PlainDecoder.Decode(data, h.NumValues, dictionary, page.FileOffset);
                continue;
            }
            var n = h.NumValues;
            // Levels grow with the pages actually decoded, never to a count the footer merely claims.
            if (hasDef) Grow(ref defLevels, levelCount + n, totalValues);
            if (hasRep) Grow(ref repLevels, levelCount + n, totalValues);
            var def = hasDef ? defLevels.AsSpan(levelCount, n) : default;
            var rep = hasRep ? repLevels.AsSpan(levelCount, n) : default;
            var pos = h.Type == PageType.DataPage
                ? ReadV1Levels(column, h, data, page.FileOffset, def, rep)
                : ReadV2Levels(column, h, data, page.FileOffset, def, rep);
            var present = CountPresent(def, column.MaxDefinitionLevel, n);
            var values = data.Slice(pos);
            if (inPlace && h.Encoding == ParquetEncoding.Plain)
                PlainDecoder.DecodeByteArraysInPlace(values, page.DataOffset + pos, present, store, page.FileOffset + pos);
            else
                ValueDecoders.Decode(h.Encoding, values, present, store, dictionary, column, page.FileOffset + pos);
            levelCount += n;
        }
        return new ParquetColumnChunk(column, rowGroup, store, defLevels, repLevels, levelCount);
    }

    private static void Grow(ref int[]? array, int needed, int max)
    {
        if (array is not null && array.Length >= needed) return;
        var size = Math.Min(Math.Max(needed, (array?.Length ?? 0) * 2), max);
        Array.Resize(ref array, Math.Max(size, needed));
    }

    /// <summary>Parses page headers until the chunk's values are accounted for, checking every size before use.</summary>
    private List<PageRef> WalkPages(ParquetColumnDescriptor column, int totalValues, ReadOnlySpan<byte> chunk, long chunkOffset, out int dataBytes)
    {
        var pages = new List<PageRef>();
        long total = 0;
        var values = 0;
        var pos = 0;
        var sawDictionary = false;
        while (values < totalValues)
        {
            if (pos >= chunk.Length)
                throw new ParquetFormatException($"column '{column.DottedPath}' ends after {values} of {totalValues} values", chunkOffset + pos);
            var reader = new CompactReader(chunk.Slice(pos), chunkOffset + pos);
            var header = MetadataReader.ReadPageHeader(ref reader);
            pos += reader.Position;
            var pageOffset = chunkOffset + pos;
            if (header.CompressedPageSize > chunk.Length - pos)
                throw new ParquetFormatException($"page of {header.CompressedPageSize} bytes runs past the end of column '{column.DottedPath}'", pageOffset);
            var bodyOffset = pos;
            pos += header.CompressedPageSize;
            switch (header.Type)
            {
                case PageType.DictionaryPage:
                    if (sawDictionary) throw new ParquetFormatException($"second dictionary page in column '{column.DottedPath}'", pageOffset);
                    if (!header.HasTypeHeader || header.NumValues < 0) throw new ParquetFormatException("dictionary page without a valid header", pageOffset);
                    if (header.Encoding is not (ParquetEncoding.Plain or ParquetEncoding.PlainDictionary))
                        throw new ParquetFormatException($"dictionary page encoding {header.Encoding} not supported", pageOffset);
                    sawDictionary = true;
                    break;
                case PageType.DataPage:
                case PageType.DataPageV2:
                    if (!header.HasTypeHeader) throw new ParquetFormatException("data page without its type header", pageOffset);
                    if (header.NumValues < 0 || header.NumValues > totalValues - values || header.NumValues > _options.MaxValuesPerPage)
                        throw new ParquetFormatException($"data page claims {header.NumValues} values where {totalValues - values} remain in column '{column.DottedPath}'", pageOffset);
                    values += header.NumValues;
                    break;
                default:
                    continue; // index pages and unknown page types carry nothing we need
            }
            if (header.UncompressedPageSize > _options.MaxPageBytes)
                throw new ParquetFormatException($"page declares {header.UncompressedPageSize} uncompressed bytes, above the {_options.MaxPageBytes}-byte limit", pageOffset);
            if (total + header.UncompressedPageSize > _options.MaxColumnChunkBytes)
                throw new ParquetFormatException($"column '{column.DottedPath}' declares more than {_options.MaxColumnChunkBytes} uncompressed bytes", pageOffset);
            pages.Add(new PageRef(header, bodyOffset, header.CompressedPageSize, pageOffset, (int)total, header.UncompressedPageSize));
            total += header.UncompressedPageSize;
        }
        dataBytes = (int)total;
        return pages;
    }

    private byte[] DecompressAll(ParquetCompression codec, List<PageRef> pages, byte[] chunk, int dataBytes)
    {
        // Every byte of the region is written by decompression (sizes are verified), so zeroing would be wasted work.
        var target = _pageScratch.Length >= dataBytes ? _pageScratch : GC.AllocateUninitializedArray<byte>(dataBytes);
        _pageScratch = Array.Empty<byte>(); // a byte-array chunk adopts this buffer; others hand it back afterwards
        void One(int i) => DecompressPage(codec, pages[i], chunk, target);
        if (_parallelPages && pages.Count > 1 && dataBytes > 1 << 20 && codec != ParquetCompression.Uncompressed)
        {
            try
            {
                Parallel.For(0, pages.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, One);
            }
            catch (AggregateException e) when (e.InnerExceptions.All(x => x is ParquetFormatException))
            {
                // Report the failure of the earliest page, as a sequential decode would.
                throw e.InnerExceptions.Cast<ParquetFormatException>().MinBy(x => x.Offset)!;
            }
        }
        else
        {
            for (var i = 0; i < pages.Count; i++) One(i);
        }
        return target;
    }

    private static void DecompressPage(ParquetCompression codec, PageRef page, byte[] chunk, byte[] target)
    {
        var body = chunk.AsSpan(page.BodyOffset, page.BodyLength);
        var output = target.AsSpan(page.DataOffset, page.DataLength);
        var h = page.Header;
        if (h.Type != PageType.DataPageV2)
        {
            Decompress(codec, body, output, page.FileOffset);
            return;
        }
        // v2: levels are stored uncompressed ahead of the (possibly compressed) values.
        var levels = h.RepetitionLevelsByteLength;
        var defs = h.DefinitionLevelsByteLength;
        if (levels < 0 || defs < 0 || (long)levels + defs > Math.Min(body.Length, output.Length))
            throw new ParquetFormatException($"v2 page level sections ({levels} + {defs} bytes) exceed the page", page.FileOffset);
        var prefix = levels + defs;
        body[..prefix].CopyTo(output);
        Decompress(h.IsCompressed ? codec : ParquetCompression.Uncompressed, body[prefix..], output[prefix..], page.FileOffset + prefix);
    }

    private static void Decompress(ParquetCompression codec, ReadOnlySpan<byte> body, Span<byte> output, long offset)
    {
        if (codec == ParquetCompression.Uncompressed)
        {
            if (body.Length != output.Length)
                throw new ParquetFormatException($"uncompressed page holds {body.Length} bytes but declares {output.Length}", offset);
            body.CopyTo(output);
            return;
        }
        PageCodec.Decompress(codec, body, output, offset);
    }

    /// <summary>v1: repetition then definition levels, each with a 4-byte length, inside the page body.</summary>
    private static int ReadV1Levels(ParquetColumnDescriptor column, PageHeader header, ReadOnlySpan<byte> data, long offset, Span<int> def, Span<int> rep)
    {
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
        return pos;
    }

    /// <summary>v2: the level sections' lengths come from the header, with no length prefixes.</summary>
    private static int ReadV2Levels(ParquetColumnDescriptor column, PageHeader header, ReadOnlySpan<byte> data, long offset, Span<int> def, Span<int> rep)
    {
        var repBytes = header.RepetitionLevelsByteLength;
        var defBytes = header.DefinitionLevelsByteLength;
        if (rep.Length > 0)
        {
            RleHybridDecoder.Decode(data.Slice(0, repBytes), LevelBitWidth(column.MaxRepetitionLevel), rep, offset);
            CheckLevels(rep, column.MaxRepetitionLevel, offset);
        }
        if (def.Length > 0)
        {
            RleHybridDecoder.Decode(data.Slice(repBytes, defBytes), LevelBitWidth(column.MaxDefinitionLevel), def, offset + repBytes);
            CheckLevels(def, column.MaxDefinitionLevel, offset + repBytes);
        }
        return repBytes + defBytes;
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

    private static int CountPresent(Span<int> def, int maxDef, int numValues)
    {
        if (def.Length == 0) return numValues;
        var present = 0;
        foreach (var d in def) if (d == maxDef) present++;
        return present;
    }

    internal static int LevelBitWidth(int maxLevel) => maxLevel == 0 ? 0 : 32 - int.LeadingZeroCount(maxLevel);
}
