namespace ProvenanceGuard.Formats.Parquet;

/// <summary>
/// The one exception the Parquet reader throws for malformed or unsupported input. It names the byte offset in the
/// file where the problem was found (or -1 when no single offset applies) and, when known, the file.
/// </summary>
public sealed class ParquetFormatException : IOException
{
    public ParquetFormatException(string message, long offset, Exception? inner = null)
        : base(offset >= 0 ? $"{message} (at byte {offset})" : message, inner)
    {
        Offset = offset;
    }

    private ParquetFormatException(string fullMessage, long offset, Exception inner, bool _)
        : base(fullMessage, inner)
    {
        Offset = offset;
    }

    /// <summary>Byte offset in the file where the problem was detected; -1 when unknown.</summary>
    public long Offset { get; }

    internal ParquetFormatException InFile(string file) => new($"{file}: {Message}", Offset, this, true);
}
