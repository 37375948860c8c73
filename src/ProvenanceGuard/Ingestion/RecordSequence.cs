namespace ProvenanceGuard.Ingestion;

/// <summary>The canonical order of records: input file index, then line (or row, or file number) within the input.</summary>
public static class RecordSequence
{
    private const int LineBits = 40;

    public static long Of(int fileIndex, long line) => ((long)fileIndex << LineBits) | line;
    public static int FileIndex(long sequence) => (int)(sequence >> LineBits);
    public static long Line(long sequence) => sequence & ((1L << LineBits) - 1);
}
