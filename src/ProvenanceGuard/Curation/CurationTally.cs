using ProvenanceGuard.Detection.Training;
using ProvenanceGuard.Records;

namespace ProvenanceGuard.Curation;

/// <summary>
/// Counts of a run's dispositions and synthetic shares, kept as records leave the curator; given the detector's training
/// lengths, also the scored candidates outside them.
/// </summary>
public sealed class CurationTally(TrainingLengths? detectorLengths = null)
{
    public long In { get; private set; }
    public long Kept { get; private set; }
    public long Rejected { get; private set; }
    public long Duplicate { get; private set; }
    public SortedDictionary<string, long> RejectedByReason { get; } = new(StringComparer.Ordinal);

    /// <summary>Unique, valid records that competed for a place (kept, or dropped by the detector or quota).</summary>
    public long Candidates { get; private set; }
    public long CandidatesFlagged { get; private set; }
    public long KeptFlagged { get; private set; }
    public long Scored { get; private set; }
    public double ScoredPMachineSum { get; private set; }
    public long KeptScored { get; private set; }
    public double KeptPMachineSum { get; private set; }
    public TrainingLengths? DetectorLengths => detectorLengths;
    public long ScoredOutsideDetectorLengths { get; private set; }

    public bool Conserved => In == Kept + Rejected + Duplicate;

    public double? SyntheticShareBefore => Candidates == 0 ? null : (double)CandidatesFlagged / Candidates;
    public double? SyntheticShareAfter => Kept == 0 ? null : (double)KeptFlagged / Kept;

    public void CountOut(Record record, double syntheticThreshold)
    {
        In++;
        var disposition = record.Disposition ?? throw new InvalidOperationException($"record {record.Id} left the curator without a disposition");
        var p = record.Attributes.PMachine;
        var flagged = record.Attributes.SyntheticProbability >= syntheticThreshold;
        switch (disposition.Kind)
        {
            case DispositionKind.Kept:
                Kept++;
                if (flagged) KeptFlagged++;
                if (p is { } kp) { KeptScored++; KeptPMachineSum += kp; }
                break;
            case DispositionKind.Duplicate:
                Duplicate++;
                return;
            default:
                Rejected++;
                RejectedByReason[disposition.Reason!] = RejectedByReason.GetValueOrDefault(disposition.Reason!) + 1;
                if (!CurationReason.IsSelection(disposition.Reason)) return;
                break;
        }
        Candidates++;
        if (flagged) CandidatesFlagged++;
        if (p is { } sp)
        {
            Scored++;
            ScoredPMachineSum += sp;
            if (detectorLengths is not null && !detectorLengths.Contains(TrainingLengths.Words(record.Text))) ScoredOutsideDetectorLengths++;
        }
    }
}
