namespace ProvenanceGuard.Formats.Parquet.Writing;

/// <summary>
/// Everything large a <see cref="ParquetFileWriter"/> fills and empties per row group: one buffer per column and the
/// chunk encoder's scratch. A writer either owns one for its lifetime or rents it from a <see cref="ParquetWriterMemory"/>.
/// </summary>
internal sealed class WriterWorkspace
{
    public WriterWorkspace(IReadOnlyList<ParquetColumnSpec> columns)
    {
        Specs = columns.ToArray();
        Columns = Specs.Select(c => new ColumnBuffer(c)).ToArray();
    }

    public ParquetColumnSpec[] Specs { get; }
    public ColumnBuffer[] Columns { get; }
    public EncoderScratch Scratch { get; } = new();

    public bool Fits(IReadOnlyList<ParquetColumnSpec> columns)
    {
        if (columns.Count != Specs.Length) return false;
        for (var i = 0; i < Specs.Length; i++)
            if (!Specs[i].Equals(columns[i])) return false;
        return true;
    }

    /// <summary>Empties the buffers (keeping their capacity), also after a writer abandoned half a row.</summary>
    public void Reset()
    {
        foreach (var c in Columns) c.Reset();
    }
}
