namespace ProvenanceGuard.Formats.Parquet.Reading;

/// <summary>Turns a decoded column chunk into one value per row: primitives as CLR values, lists as object?[].</summary>
internal static class RowAssembler
{
    public static object?[] Assemble(ParquetField field, ParquetColumnChunk chunk, string file)
    {
        return field.Shape == ParquetFieldShape.Primitive ? Primitive(chunk) : List(field, chunk, file);
    }

    private static object?[] Primitive(ParquetColumnChunk chunk)
    {
        var rows = new object?[chunk.LevelCount];
        var v = 0;
        for (var i = 0; i < rows.Length; i++)
            rows[i] = chunk.HasValue(i) ? chunk.GetValue(v++) : null;
        return rows;
    }

    private static object?[] List(ParquetField field, ParquetColumnChunk chunk, string file)
    {
        var rep = chunk.RepetitionLevels;
        var def = chunk.DefinitionLevels;
        var maxDef = chunk.Column.MaxDefinitionLevel;
        var rows = new List<object?>();
        List<object?>? current = null;
        var v = 0;
        for (var i = 0; i < chunk.LevelCount; i++)
        {
            var d = def.Length > 0 ? def[i] : maxDef;
            if (rep[i] == 0)
            {
                if (current is not null) rows.Add(current.ToArray());
                current = null;
                if (d < field.ListDefinitionLevel)
                {
                    rows.Add(null);
                    continue;
                }
                current = new List<object?>();
            }
            else if (current is null)
            {
                throw new ParquetFormatException($"{file}: list column '{chunk.Column.DottedPath}' continues a list that was null", -1);
            }
            if (d < field.ElementDefinitionLevel) continue; // the empty list's single slot
            current.Add(d == maxDef ? chunk.GetValue(v++) : null);
        }
        if (current is not null) rows.Add(current.ToArray());
        return rows.ToArray();
    }
}
