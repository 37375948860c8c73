namespace ProvenanceGuard.Records;

/// <summary>Where a record was read: the input file, its 1-based line (or record number for non-line formats) and byte offset.</summary>
public readonly record struct RecordOrigin(string File, long Line, long ByteOffset)
{
    public override string ToString() => ByteOffset >= 0 ? $"{File}:{Line} (byte {ByteOffset})" : $"{File}:{Line}";
}
