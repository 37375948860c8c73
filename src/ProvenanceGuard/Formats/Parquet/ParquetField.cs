namespace ProvenanceGuard.Formats.Parquet;

/// <summary>The shape of a top-level field as rows present it.</summary>
public enum ParquetFieldShape
{
    /// <summary>One primitive leaf (required or optional).</summary>
    Primitive,
    /// <summary>A LIST (3-level or legacy 2-level) whose elements are primitives: one leaf with one repeated level.</summary>
    ListOfPrimitive,
    /// <summary>Structs, maps and deeper nesting: their columns can be read as chunks but not assembled into row values.</summary>
    Nested,
}

/// <summary>
/// A top-level field of a file's schema: its name, shape and leaf columns. Rows are projected by these names.
/// </summary>
public sealed class ParquetField
{
    internal ParquetField(string name, ParquetFieldShape shape, IReadOnlyList<ParquetColumnDescriptor> leaves, bool nullable, int listDefinitionLevel, int elementDefinitionLevel)
    {
        Name = name;
        Shape = shape;
        Leaves = leaves;
        Nullable = nullable;
        ListDefinitionLevel = listDefinitionLevel;
        ElementDefinitionLevel = elementDefinitionLevel;
    }

    public string Name { get; }
    public ParquetFieldShape Shape { get; }
    public IReadOnlyList<ParquetColumnDescriptor> Leaves { get; }
    public bool Nullable { get; }
    /// <summary>For lists: the definition level at which the list itself is present (lower means a null list).</summary>
    internal int ListDefinitionLevel { get; }
    /// <summary>For lists: the definition level at which an element slot exists (lower means an empty list).</summary>
    internal int ElementDefinitionLevel { get; }
    public ParquetColumnDescriptor Leaf => Leaves[0];

    public override string ToString() => $"{Name} ({Shape})";
}
