using ProvenanceGuard.Formats.Parquet.Metadata;

namespace ProvenanceGuard.Formats.Parquet;

/// <summary>A file's schema: its leaf columns (in column-chunk order) and its top-level fields.</summary>
public sealed class ParquetSchema
{
    private readonly Dictionary<string, ParquetField> _byName;

    private ParquetSchema(IReadOnlyList<ParquetColumnDescriptor> columns, IReadOnlyList<ParquetField> fields)
    {
        Columns = columns;
        Fields = fields;
        _byName = new Dictionary<string, ParquetField>(StringComparer.Ordinal);
        foreach (var f in fields) _byName.TryAdd(f.Name, f);
    }

    public IReadOnlyList<ParquetColumnDescriptor> Columns { get; }
    public IReadOnlyList<ParquetField> Fields { get; }

    public ParquetField? FindField(string name) => _byName.GetValueOrDefault(name);

    public ParquetField GetField(string name) =>
        FindField(name) ?? throw new ArgumentException($"the file has no top-level field '{name}' (fields: {string.Join(", ", Fields.Select(f => f.Name))})", nameof(name));

    /// <summary>Builds the tree from the footer's depth-first element list, computing each leaf's levels.</summary>
    internal static ParquetSchema FromElements(IReadOnlyList<SchemaElement> elements)
    {
        if (elements.Count == 0) throw new ParquetFormatException("the schema is empty", -1);
        var root = elements[0];
        var rootChildren = root.NumChildren ?? 0;
        if (rootChildren < 0 || rootChildren > elements.Count - 1) throw new ParquetFormatException($"the schema root claims {rootChildren} children but only {elements.Count - 1} elements follow", -1);
        var columns = new List<ParquetColumnDescriptor>();
        var fields = new List<ParquetField>();
        var next = 1;
        for (var i = 0; i < rootChildren; i++)
        {
            var start = columns.Count;
            var element = elements[next];
            var info = new FieldWalk();
            Walk(elements, ref next, new List<string>(), 0, 0, columns, info, depth: 0);
            var leaves = columns.GetRange(start, columns.Count - start);
            fields.Add(Classify(element, leaves, info));
        }
        if (next != elements.Count) throw new ParquetFormatException($"the schema has {elements.Count - next} elements not reachable from the root", -1);
        return new ParquetSchema(columns, fields);
    }

    /// <summary>What the walk learned about a top-level field's nesting.</summary>
    private sealed class FieldWalk
    {
        public int Groups;
        public int RepeatedNodes;
        public int RepeatedDefinitionLevel = -1;
        public bool ListAnnotated;
    }

    private static void Walk(IReadOnlyList<SchemaElement> elements, ref int next, List<string> path, int def, int rep, List<ParquetColumnDescriptor> columns, FieldWalk info, int depth)
    {
        if (depth > 32) throw new ParquetFormatException("the schema is nested too deeply", -1);
        if (next >= elements.Count) throw new ParquetFormatException("the schema ends inside a group", -1);
        var e = elements[next++];
        var repetition = e.RepetitionType ?? Repetition.Required;
        if (repetition != Repetition.Required) def++;
        if (repetition == Repetition.Repeated)
        {
            rep++;
            info.RepeatedNodes++;
            info.RepeatedDefinitionLevel = def;
        }
        if (e.Logical?.Kind == LogicalKind.List || e.ConvertedType == ConvertedType.List) info.ListAnnotated = true;
        path.Add(e.Name);
        var children = e.NumChildren ?? 0;
        if (e.Type is null || children > 0)
        {
            if (children <= 0 || children > elements.Count - next) throw new ParquetFormatException($"schema group '{e.Name}' has an invalid child count {children}", -1);
            info.Groups++;
            for (var c = 0; c < children; c++) Walk(elements, ref next, path, def, rep, columns, info, depth + 1);
        }
        else
        {
            if (e.Type == PhysicalType.FixedLenByteArray && (e.TypeLength is null or <= 0 or > 1 << 20))
                throw new ParquetFormatException($"column '{e.Name}' is FIXED_LEN_BYTE_ARRAY with invalid length {e.TypeLength}", -1);
            columns.Add(new ParquetColumnDescriptor(columns.Count, path.ToArray(), e, def, rep, LogicalOf(e)));
        }
        path.RemoveAt(path.Count - 1);
    }

    private static ParquetField Classify(SchemaElement top, List<ParquetColumnDescriptor> leaves, FieldWalk info)
    {
        var nullable = (top.RepetitionType ?? Repetition.Required) != Repetition.Required;
        var topDef = nullable ? 1 : 0;
        if (leaves.Count == 1 && info.Groups == 0 && info.RepeatedNodes == 0)
            return new ParquetField(top.Name, ParquetFieldShape.Primitive, leaves, nullable, 0, 0);
        if (leaves.Count == 1 && info.RepeatedNodes == 1 && (info.ListAnnotated || top.RepetitionType == Repetition.Repeated))
        {
            // A bare repeated primitive is a required list whose definition level for "present" is 0.
            var listDef = top.RepetitionType == Repetition.Repeated ? 0 : topDef;
            return new ParquetField(top.Name, ParquetFieldShape.ListOfPrimitive, leaves, nullable && top.RepetitionType != Repetition.Repeated, listDef, info.RepeatedDefinitionLevel);
        }
        return new ParquetField(top.Name, ParquetFieldShape.Nested, leaves, nullable, 0, 0);
    }

    private static LogicalTypeInfo LogicalOf(SchemaElement e)
    {
        if (e.Logical is { Kind: not LogicalKind.Other } logical)
        {
            if (logical.Kind == LogicalKind.Decimal && logical.Precision == 0 && e.Precision is { } p)
                return logical with { Precision = p, Scale = e.Scale ?? logical.Scale };
            return logical;
        }
        return e.ConvertedType switch
        {
            ConvertedType.Utf8 or ConvertedType.Enum => new(LogicalKind.String),
            ConvertedType.Json => new(LogicalKind.Json),
            ConvertedType.Date => new(LogicalKind.Date),
            ConvertedType.Decimal => new(LogicalKind.Decimal, e.Scale ?? 0, e.Precision ?? 0),
            ConvertedType.TimestampMillis => new(LogicalKind.Timestamp, AdjustedToUtc: true, Unit: TimeUnit.Millis),
            ConvertedType.TimestampMicros => new(LogicalKind.Timestamp, AdjustedToUtc: true, Unit: TimeUnit.Micros),
            _ => new(LogicalKind.None),
        };
    }
}
