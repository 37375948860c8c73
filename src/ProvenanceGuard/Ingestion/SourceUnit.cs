using ProvenanceGuard.Records;

namespace ProvenanceGuard.Ingestion;

/// <summary>How much a reader already understood of a unit: raw JSON bytes, decoded text, or a rejection.</summary>
public enum SourceUnitKind : byte { JsonLine, Text, Rejected }

/// <summary>
/// One would-be record as a reader hands it to the taggers. JSON lines stay raw bytes (parsing runs on the
/// worker threads); CSV rows and text files arrive decoded; rejections carry their reason and a sample.
/// </summary>
public struct SourceUnit
{
    public SourceUnitKind Kind;
    public int Start;
    public int Length;
    public RecordOrigin Origin;
    public long Sequence;
    public string? Id;
    public string? Text;
    public string? MetadataJson;
    public string? Reason;
    public string? Message;
}

/// <summary>A batch of units read from one split, with the bytes their raw lines point into (pooled by the reader).</summary>
public sealed class SourceBatch
{
    public required InputSplit Split { get; init; }
    public byte[] Bytes = [];
    public int BytesUsed;
    public List<SourceUnit> Units { get; } = new();
    public long RawBytes;
}
