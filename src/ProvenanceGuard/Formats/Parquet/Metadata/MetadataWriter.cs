using ProvenanceGuard.Formats.Parquet.Thrift;

namespace ProvenanceGuard.Formats.Parquet.Metadata;

/// <summary>Encodes the footer and page headers in the Thrift compact protocol, fields in ascending id order.</summary>
internal static class MetadataWriter
{
    public static void WriteFileMetaData(CompactWriter w, FileMetaData m)
    {
        w.BeginStruct();
        w.I32(1, m.Version);
        w.ListField(2, CompactType.Struct, m.Schema.Count);
        foreach (var e in m.Schema) WriteSchemaElement(w, e);
        w.I64(3, m.NumRows);
        w.ListField(4, CompactType.Struct, m.RowGroups.Count);
        foreach (var g in m.RowGroups) WriteRowGroup(w, g);
        if (m.KeyValueMetadata.Count > 0)
        {
            w.ListField(5, CompactType.Struct, m.KeyValueMetadata.Count);
            foreach (var kv in m.KeyValueMetadata)
            {
                w.BeginStruct();
                w.String(1, kv.Key);
                if (kv.Value is not null) w.String(2, kv.Value);
                w.EndStruct();
            }
        }
        if (m.CreatedBy is not null) w.String(6, m.CreatedBy);
        if (m.ColumnOrderCount > 0)
        {
            w.ListField(7, CompactType.Struct, m.ColumnOrderCount);
            for (var i = 0; i < m.ColumnOrderCount; i++)
            {
                w.BeginStruct();
                w.StructField(1); // TYPE_ORDER
                w.EndStruct();
                w.EndStruct();
            }
        }
        w.EndStruct();
    }

    private static void WriteSchemaElement(CompactWriter w, SchemaElement e)
    {
        w.BeginStruct();
        if (e.Type is { } type) w.I32(1, (int)type);
        if (e.TypeLength is { } length) w.I32(2, length);
        if (e.RepetitionType is { } rep) w.I32(3, (int)rep);
        w.String(4, e.Name);
        if (e.NumChildren is { } children) w.I32(5, children);
        if (e.ConvertedType is { } converted) w.I32(6, (int)converted);
        if (e.Scale is { } scale) w.I32(7, scale);
        if (e.Precision is { } precision) w.I32(8, precision);
        if (e.Logical is { } logical)
        {
            w.StructField(10);
            switch (logical.Kind)
            {
                case LogicalKind.String:
                    w.StructField(1);
                    w.EndStruct();
                    break;
                case LogicalKind.Json:
                    w.StructField(12);
                    w.EndStruct();
                    break;
                case LogicalKind.Date:
                    w.StructField(6);
                    w.EndStruct();
                    break;
                case LogicalKind.Decimal:
                    w.StructField(5);
                    w.I32(1, logical.Scale);
                    w.I32(2, logical.Precision);
                    w.EndStruct();
                    break;
                case LogicalKind.Timestamp:
                    w.StructField(8);
                    w.Bool(1, logical.AdjustedToUtc);
                    w.StructField(2);
                    w.StructField((short)((int)logical.Unit + 1));
                    w.EndStruct();
                    w.EndStruct();
                    w.EndStruct();
                    break;
                default:
                    throw new NotSupportedException($"writing logical type {logical.Kind} is not supported");
            }
            w.EndStruct();
        }
        w.EndStruct();
    }

    private static void WriteRowGroup(CompactWriter w, RowGroup g)
    {
        w.BeginStruct();
        w.ListField(1, CompactType.Struct, g.Columns.Count);
        foreach (var c in g.Columns)
        {
            w.BeginStruct();
            w.I64(2, c.FileOffset);
            w.StructField(3);
            WriteColumnMetaDataFields(w, c.MetaData!);
            w.EndStruct();
            w.EndStruct();
        }
        w.I64(2, g.TotalByteSize);
        w.I64(3, g.NumRows);
        if (g.FileOffset is { } offset) w.I64(5, offset);
        if (g.TotalCompressedSize is { } compressed) w.I64(6, compressed);
        w.EndStruct();
    }

    private static void WriteColumnMetaDataFields(CompactWriter w, ColumnMetaData m)
    {
        w.I32(1, (int)m.Type);
        w.ListField(2, CompactType.I32, m.Encodings.Count);
        foreach (var e in m.Encodings) w.I32Value((int)e);
        w.ListField(3, CompactType.Binary, m.PathInSchema.Count);
        foreach (var p in m.PathInSchema) w.StringValue(p);
        w.I32(4, (int)m.Codec);
        w.I64(5, m.NumValues);
        w.I64(6, m.TotalUncompressedSize);
        w.I64(7, m.TotalCompressedSize);
        w.I64(9, m.DataPageOffset);
        if (m.DictionaryPageOffset is { } dict) w.I64(11, dict);
        if (m.Statistics is { } s)
        {
            w.StructField(12);
            WriteStatisticsFields(w, s);
            w.EndStruct();
        }
    }

    private static void WriteStatisticsFields(CompactWriter w, Statistics s)
    {
        if (s.NullCount is { } nulls) w.I64(3, nulls);
        if (s.MaxValue is { } max) w.Binary(5, max);
        if (s.MinValue is { } min) w.Binary(6, min);
    }

    public static void WritePageHeader(CompactWriter w, PageHeader h)
    {
        w.BeginStruct();
        w.I32(1, (int)h.Type);
        w.I32(2, h.UncompressedPageSize);
        w.I32(3, h.CompressedPageSize);
        switch (h.Type)
        {
            case PageType.DataPage:
                w.StructField(5);
                w.I32(1, h.NumValues);
                w.I32(2, (int)h.Encoding);
                w.I32(3, (int)ParquetEncoding.Rle);
                w.I32(4, (int)ParquetEncoding.Rle);
                w.EndStruct();
                break;
            case PageType.DictionaryPage:
                w.StructField(7);
                w.I32(1, h.NumValues);
                w.I32(2, (int)h.Encoding);
                w.EndStruct();
                break;
            case PageType.DataPageV2:
                w.StructField(8);
                w.I32(1, h.NumValues);
                w.I32(2, h.NumNulls);
                w.I32(3, h.NumRows);
                w.I32(4, (int)h.Encoding);
                w.I32(5, h.DefinitionLevelsByteLength);
                w.I32(6, h.RepetitionLevelsByteLength);
                w.Bool(7, h.IsCompressed);
                w.EndStruct();
                break;
        }
        w.EndStruct();
    }
}
