namespace ProvenanceGuard.Records;

/// <summary>
/// A document flowing through the pipeline with the facts attached to it. Taggers add attributes and lineage
/// events; only the curator sets the disposition.
/// </summary>
public sealed class Record
{
    public required string Id { get; init; }
    /// <summary>The normalized text (NFC, whitespace folded); the content hash is over its UTF-8 bytes.</summary>
    public required string Text { get; init; }
    public required string Source { get; init; }
    /// <summary>SHA-256 of the normalized UTF-8 text, lower-case hex.</summary>
    public required string ContentSha256 { get; init; }
    public required RecordOrigin Origin { get; init; }
    /// <summary>The input's other fields, as a compact JSON object (null when there were none).</summary>
    public string? MetadataJson { get; init; }
    /// <summary>Position in the run's canonical order (input file index, then position in the file); fixes every tie.</summary>
    public required long Sequence { get; init; }

    public RecordAttributes Attributes { get; } = new();
    public List<LineageEvent> Lineage { get; } = new(4);
    public Disposition? Disposition { get; set; }
    /// <summary>For a rejected record: what was wrong, naming the file and line.</summary>
    public string? RejectMessage { get; set; }
}
