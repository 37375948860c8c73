using ProvenanceGuard.Formats.Parquet.Thrift;

namespace ProvenanceGuard.Formats.Parquet.Metadata;

/// <summary>Decodes the footer and page headers from the Thrift compact protocol, skipping fields it does not use.</summary>
internal static class MetadataReader
{
    public static FileMetaData ReadFileMetaData(ref CompactReader r)
    {
        var m = new FileMetaData();
        bool hasVersion = false, hasSchema = false, hasRows = false, hasGroups = false;
        r.EnterStruct();
        short last = 0;
        while (r.ReadFieldHeader(ref last, out var id, out var t))
        {
            switch (id)
            {
                case 1: m.Version = r.ReadI32(t); hasVersion = true; break;
                case 2:
                {
                    var n = r.ReadListHeader(t, out var et);
                    ExpectStruct(ref r, et);
                    for (var i = 0; i < n; i++) m.Schema.Add(ReadSchemaElement(ref r));
                    hasSchema = true;
                    break;
                }
                case 3: m.NumRows = r.ReadI64(t); hasRows = true; break;
                case 4:
                {
                    var n = r.ReadListHeader(t, out var et);
                    ExpectStruct(ref r, et);
                    for (var i = 0; i < n; i++) m.RowGroups.Add(ReadRowGroup(ref r));
                    hasGroups = true;
                    break;
                }
                case 5:
                {
                    var n = r.ReadListHeader(t, out var et);
                    ExpectStruct(ref r, et);
                    for (var i = 0; i < n; i++) m.KeyValueMetadata.Add(ReadKeyValue(ref r));
                    break;
                }
                case 6: m.CreatedBy = r.ReadString(t); break;
                default: r.Skip(t); break;
            }
        }
        r.LeaveStruct();
        if (!hasVersion || !hasSchema || !hasRows || !hasGroups) throw r.Error("file metadata lacks a required field");
        return m;
    }

    private static void ExpectStruct(ref CompactReader r, CompactType elementType)
    {
        if (elementType != CompactType.Struct) throw r.Error($"expected a list of structs, found element type {elementType}");
    }

    private static KeyValuePair<string, string?> ReadKeyValue(ref CompactReader r)
    {
        string? key = null, value = null;
        r.EnterStruct();
        short last = 0;
        while (r.ReadFieldHeader(ref last, out var id, out var t))
        {
            if (id == 1) key = r.ReadString(t);
            else if (id == 2) value = r.ReadString(t);
            else r.Skip(t);
        }
        r.LeaveStruct();
        if (key is null) throw r.Error("key-value metadata without a key");
        return new(key, value);
    }

    private static SchemaElement ReadSchemaElement(ref CompactReader r)
    {
        var e = new SchemaElement();
        var hasName = false;
        r.EnterStruct();
        short last = 0;
        while (r.ReadFieldHeader(ref last, out var id, out var t))
        {
            switch (id)
            {
                case 1: e.Type = (PhysicalType)CheckedEnum(ref r, r.ReadI32(t), 7, "physical type"); break;
                case 2: e.TypeLength = r.ReadI32(t); break;
                case 3: e.RepetitionType = (Repetition)CheckedEnum(ref r, r.ReadI32(t), 3, "repetition type"); break;
                case 4: e.Name = r.ReadString(t); hasName = true; break;
                case 5: e.NumChildren = r.ReadI32(t); break;
                case 6: e.ConvertedType = (ConvertedType)r.ReadI32(t); break;
                case 7: e.Scale = r.ReadI32(t); break;
                case 8: e.Precision = r.ReadI32(t); break;
                case 10:
                    if (t != CompactType.Struct) throw r.Error("logical type is not a struct");
                    e.Logical = ReadLogicalType(ref r);
                    break;
                default: r.Skip(t); break;
            }
        }
        r.LeaveStruct();
        if (!hasName) throw r.Error("schema element without a name");
        return e;
    }

    private static int CheckedEnum(ref CompactReader r, int value, int max, string what)
    {
        if (value < 0 || value > max) throw r.Error($"invalid {what} {value}");
        return value;
    }

    private static LogicalTypeInfo ReadLogicalType(ref CompactReader r)
    {
        LogicalTypeInfo info = new(LogicalKind.Other);
        r.EnterStruct();
        short last = 0;
        while (r.ReadFieldHeader(ref last, out var id, out var t))
        {
            if (t != CompactType.Struct)
            {
                r.Skip(t);
                continue;
            }
            switch (id)
            {
                case 1: r.SkipStruct(); info = new(LogicalKind.String); break;
                case 2: r.SkipStruct(); info = new(LogicalKind.Map); break;
                case 3: r.SkipStruct(); info = new(LogicalKind.List); break;
                case 4: r.SkipStruct(); info = new(LogicalKind.String); break; // ENUM: UTF-8 text
                case 5: info = ReadDecimal(ref r); break;
                case 6: r.SkipStruct(); info = new(LogicalKind.Date); break;
                case 8: info = ReadTimestamp(ref r); break;
                case 12: r.SkipStruct(); info = new(LogicalKind.Json); break;
                default: r.SkipStruct(); info = new(LogicalKind.Other); break;
            }
        }
        r.LeaveStruct();
        return info;
    }

    private static LogicalTypeInfo ReadDecimal(ref CompactReader r)
    {
        int scale = 0, precision = 0;
        r.EnterStruct();
        short last = 0;
        while (r.ReadFieldHeader(ref last, out var id, out var t))
        {
            if (id == 1) scale = r.ReadI32(t);
            else if (id == 2) precision = r.ReadI32(t);
            else r.Skip(t);
        }
        r.LeaveStruct();
        return new(LogicalKind.Decimal, scale, precision);
    }

    private static LogicalTypeInfo ReadTimestamp(ref CompactReader r)
    {
        var utc = true;
        var unit = TimeUnit.Micros;
        r.EnterStruct();
        short last = 0;
        while (r.ReadFieldHeader(ref last, out var id, out var t))
        {
            if (id == 1) utc = r.ReadBoolField(t);
            else if (id == 2 && t == CompactType.Struct)
            {
                r.EnterStruct();
                short l2 = 0;
                while (r.ReadFieldHeader(ref l2, out var uid, out var ut))
                {
                    if (uid is >= 1 and <= 3) unit = (TimeUnit)(uid - 1);
                    r.Skip(ut);
                }
                r.LeaveStruct();
            }
            else r.Skip(t);
        }
        r.LeaveStruct();
        return new(LogicalKind.Timestamp, AdjustedToUtc: utc, Unit: unit);
    }

    private static RowGroup ReadRowGroup(ref CompactReader r)
    {
        var g = new RowGroup();
        r.EnterStruct();
        short last = 0;
        while (r.ReadFieldHeader(ref last, out var id, out var t))
        {
            switch (id)
            {
                case 1:
                {
                    var n = r.ReadListHeader(t, out var et);
                    ExpectStruct(ref r, et);
                    for (var i = 0; i < n; i++) g.Columns.Add(ReadColumnChunk(ref r));
                    break;
                }
                case 2: g.TotalByteSize = r.ReadI64(t); break;
                case 3: g.NumRows = r.ReadI64(t); break;
                case 5: g.FileOffset = r.ReadI64(t); break;
                case 6: g.TotalCompressedSize = r.ReadI64(t); break;
                default: r.Skip(t); break;
            }
        }
        r.LeaveStruct();
        return g;
    }

    private static ColumnChunk ReadColumnChunk(ref CompactReader r)
    {
        var c = new ColumnChunk();
        r.EnterStruct();
        short last = 0;
        while (r.ReadFieldHeader(ref last, out var id, out var t))
        {
            switch (id)
            {
                case 2: c.FileOffset = r.ReadI64(t); break;
                case 3:
                    if (t != CompactType.Struct) throw r.Error("column metadata is not a struct");
                    c.MetaData = ReadColumnMetaData(ref r);
                    break;
                default: r.Skip(t); break;
            }
        }
        r.LeaveStruct();
        return c;
    }

    private static ColumnMetaData ReadColumnMetaData(ref CompactReader r)
    {
        var m = new ColumnMetaData();
        r.EnterStruct();
        short last = 0;
        while (r.ReadFieldHeader(ref last, out var id, out var t))
        {
            switch (id)
            {
                case 1: m.Type = (PhysicalType)CheckedEnum(ref r, r.ReadI32(t), 7, "physical type"); break;
                case 2:
                {
                    var n = r.ReadListHeader(t, out _);
                    for (var i = 0; i < n; i++) m.Encodings.Add((ParquetEncoding)r.ReadZigZag32());
                    break;
                }
                case 3:
                {
                    var n = r.ReadListHeader(t, out var et);
                    for (var i = 0; i < n; i++) m.PathInSchema.Add(r.ReadString(et));
                    break;
                }
                case 4: m.Codec = (ParquetCompression)r.ReadI32(t); break;
                case 5: m.NumValues = r.ReadI64(t); break;
                case 6: m.TotalUncompressedSize = r.ReadI64(t); break;
                case 7: m.TotalCompressedSize = r.ReadI64(t); break;
                case 9: m.DataPageOffset = r.ReadI64(t); break;
                case 11: m.DictionaryPageOffset = r.ReadI64(t); break;
                case 12:
                    if (t != CompactType.Struct) throw r.Error("statistics is not a struct");
                    m.Statistics = ReadStatistics(ref r);
                    break;
                default: r.Skip(t); break;
            }
        }
        r.LeaveStruct();
        return m;
    }

    private static Statistics ReadStatistics(ref CompactReader r)
    {
        var s = new Statistics();
        r.EnterStruct();
        short last = 0;
        while (r.ReadFieldHeader(ref last, out var id, out var t))
        {
            switch (id)
            {
                case 1: s.Max = r.ReadBytes(t); break;
                case 2: s.Min = r.ReadBytes(t); break;
                case 3: s.NullCount = r.ReadI64(t); break;
                case 5: s.MaxValue = r.ReadBytes(t); break;
                case 6: s.MinValue = r.ReadBytes(t); break;
                default: r.Skip(t); break;
            }
        }
        r.LeaveStruct();
        return s;
    }

    public static PageHeader ReadPageHeader(ref CompactReader r)
    {
        var h = new PageHeader();
        bool hasType = false, hasSizes = false;
        r.EnterStruct();
        short last = 0;
        while (r.ReadFieldHeader(ref last, out var id, out var t))
        {
            switch (id)
            {
                case 1: h.Type = (PageType)r.ReadI32(t); hasType = true; break;
                case 2: h.UncompressedPageSize = r.ReadI32(t); break;
                case 3: h.CompressedPageSize = r.ReadI32(t); hasSizes = true; break;
                case 5 when t == CompactType.Struct: ReadDataPageHeader(ref r, h); break;
                case 7 when t == CompactType.Struct: ReadDictionaryPageHeader(ref r, h); break;
                case 8 when t == CompactType.Struct: ReadDataPageHeaderV2(ref r, h); break;
                default: r.Skip(t); break;
            }
        }
        r.LeaveStruct();
        if (!hasType || !hasSizes) throw r.Error("page header lacks its type or size");
        if (h.CompressedPageSize < 0 || h.UncompressedPageSize < 0) throw r.Error("page header has a negative size");
        return h;
    }

    private static void ReadDataPageHeader(ref CompactReader r, PageHeader h)
    {
        h.HasTypeHeader = true;
        r.EnterStruct();
        short last = 0;
        while (r.ReadFieldHeader(ref last, out var id, out var t))
        {
            switch (id)
            {
                case 1: h.NumValues = r.ReadI32(t); break;
                case 2: h.Encoding = (ParquetEncoding)r.ReadI32(t); break;
                case 3: h.DefinitionLevelEncoding = (ParquetEncoding)r.ReadI32(t); break;
                case 4: h.RepetitionLevelEncoding = (ParquetEncoding)r.ReadI32(t); break;
                default: r.Skip(t); break;
            }
        }
        r.LeaveStruct();
    }

    private static void ReadDictionaryPageHeader(ref CompactReader r, PageHeader h)
    {
        h.HasTypeHeader = true;
        r.EnterStruct();
        short last = 0;
        while (r.ReadFieldHeader(ref last, out var id, out var t))
        {
            switch (id)
            {
                case 1: h.NumValues = r.ReadI32(t); break;
                case 2: h.Encoding = (ParquetEncoding)r.ReadI32(t); break;
                default: r.Skip(t); break;
            }
        }
        r.LeaveStruct();
    }

    private static void ReadDataPageHeaderV2(ref CompactReader r, PageHeader h)
    {
        h.HasTypeHeader = true;
        r.EnterStruct();
        short last = 0;
        while (r.ReadFieldHeader(ref last, out var id, out var t))
        {
            switch (id)
            {
                case 1: h.NumValues = r.ReadI32(t); break;
                case 2: h.NumNulls = r.ReadI32(t); break;
                case 3: h.NumRows = r.ReadI32(t); break;
                case 4: h.Encoding = (ParquetEncoding)r.ReadI32(t); break;
                case 5: h.DefinitionLevelsByteLength = r.ReadI32(t); break;
                case 6: h.RepetitionLevelsByteLength = r.ReadI32(t); break;
                case 7: h.IsCompressed = r.ReadBoolField(t); break;
                default: r.Skip(t); break;
            }
        }
        r.LeaveStruct();
    }
}
