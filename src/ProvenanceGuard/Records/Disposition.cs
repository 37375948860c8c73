namespace ProvenanceGuard.Records;

public enum DispositionKind { Kept, Rejected, Duplicate }

/// <summary>
/// How a record left the pipeline: exactly one of kept (in shard, at row), rejected (with a reason code),
/// or duplicate (of the kept record's id).
/// </summary>
public sealed record Disposition(DispositionKind Kind, string? Shard = null, long Row = -1, string? Reason = null, string? DuplicateOf = null)
{
    public static Disposition KeptIn(string shard, long row) => new(DispositionKind.Kept, Shard: shard, Row: row);
    public static Disposition RejectedFor(string reason) => new(DispositionKind.Rejected, Reason: reason);
    public static Disposition DuplicateOfRecord(string keptId) => new(DispositionKind.Duplicate, DuplicateOf: keptId);

    public override string ToString() => Kind switch
    {
        DispositionKind.Kept => $"kept ({Shard}, row {Row})",
        DispositionKind.Rejected => $"rejected ({Reason})",
        _ => $"duplicate (of {DuplicateOf})",
    };
}
