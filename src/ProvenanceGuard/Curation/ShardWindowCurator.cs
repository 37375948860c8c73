using System.Globalization;
using ProvenanceGuard.Curation.NearDuplicates;
using ProvenanceGuard.Pipeline;
using ProvenanceGuard.Records;

namespace ProvenanceGuard.Curation;

/// <summary>
/// The deciding half of the pipeline. Reads tagged records in canonical order and gives each exactly one
/// disposition: rejected records pass through; too-short texts and exact duplicates are settled at once;
/// with dedup method "minhash", near duplicates are found in a global MinHash LSH index: a near duplicate of a
/// record decided in an earlier window becomes its duplicate, and within the open window the cluster keeps its
/// best record by <see cref="RepresentativeOrder"/> (the others, and their duplicates, point at it). The rest are candidates, and every <see cref="OutputOptions.ShardRows"/> candidates the window closes and
/// the quota is applied: all unflagged records are kept, and flagged (synthetic) ones only up to the
/// maximum share, least likely synthetic first.
/// </summary>
public sealed class ShardWindowCurator(PipelineDefinition pipeline, StageDescriptors stages, string shardExtension)
{
    private readonly CurationPolicy _policy = pipeline.Policy;
    private readonly bool _dedup = pipeline.Steps.Any(s => s.Type == "dedup");
    private readonly bool _quota = pipeline.Steps.Any(s => s.Type == "quota");
    private readonly ExactDeduplicator _deduplicator = new();
    private readonly NearDuplicateIndex? _nearDuplicates = NearIndex(pipeline);
    private readonly RepresentativeOrder _representativeOrder = new(DedupStep(pipeline)?.MinHash?.DateField ?? new MinHashOptions().DateField);
    /// <summary>Near-duplicate clusters whose representative is a candidate of the open window (anchor → record); it may still be replaced.</summary>
    private readonly Dictionary<int, Record> _openRepresentatives = new();
    private List<Record> _window = new();
    private readonly List<Record> _candidates = new();
    private int _windowIndex;
    private int _shardIndex;

    public CurationTally Tally { get; } = new();

    /// <summary>Takes the next record; returns a closed window when this record completed one.</summary>
    public ShardWindow? Add(Record record)
    {
        _window.Add(record);
        if (record.Disposition is not null) return null;

        if (record.Text.Length < _policy.MinTextChars)
        {
            Settle(record, Disposition.RejectedFor(CurationReason.TooShort), stages.Curate.Event("rejected:" + CurationReason.TooShort));
            return null;
        }
        if (_dedup)
        {
            var first = _deduplicator.DuplicateOf(record.ContentSha256, record.Id);
            if (first is not null)
            {
                Settle(record, Disposition.DuplicateOfRecord(first), stages.Dedup.Event("duplicate_of:" + first));
                return null;
            }
            if (_nearDuplicates is not null && NearDuplicate(record)) return null;
            record.Lineage.Add(stages.Dedup.Event("unique"));
        }
        _candidates.Add(record);
        return _candidates.Count >= pipeline.Output.ShardRows ? Close() : null;
    }

    /// <summary>
    /// Settles a near duplicate, or, when it beats its cluster's open representative, makes it the representative
    /// in that one's place. Returns false when the record starts a new cluster (and is a candidate).
    /// </summary>
    private bool NearDuplicate(Record record)
    {
        if (_nearDuplicates!.FindOrAdd(record.Text, record.Id) is not { } match)
        {
            _openRepresentatives[_nearDuplicates.Anchors - 1] = record;
            return false;
        }
        var similarity = match.Similarity.ToString("0.###", CultureInfo.InvariantCulture);
        if (_openRepresentatives.TryGetValue(match.Anchor, out var open) && _representativeOrder.Prefers(record, open))
        {
            _candidates[_candidates.IndexOf(open)] = record;
            _openRepresentatives[match.Anchor] = record;
            _nearDuplicates.SetRepresentative(match.Anchor, record.Id);
            _deduplicator.Reassign(open.ContentSha256, record.Id);
            record.Lineage.Add(stages.Dedup.Event($"representative_of_near_duplicates:jaccard={similarity}"));
            RemoveLastDedupEvent(open);
            Settle(open, Disposition.DuplicateOfRecord(record.Id), stages.Dedup.Event($"near_duplicate_of:{record.Id}:jaccard={similarity}"));
            foreach (var member in _window)
            {
                if (member.Disposition is not { Kind: DispositionKind.Duplicate } d || d.DuplicateOf != open.Id || ReferenceEquals(member, open)) continue;
                var previous = RemoveLastDedupEvent(member);
                Settle(member, Disposition.DuplicateOfRecord(record.Id), stages.Dedup.Event(Repoint(previous?.Decision, open.Id, record.Id)));
            }
            return true;
        }
        var representative = _nearDuplicates.RepresentativeOf(match.Anchor);
        Settle(record, Disposition.DuplicateOfRecord(representative), stages.Dedup.Event($"near_duplicate_of:{representative}:jaccard={similarity}"));
        return true;
    }

    private static LineageEvent? RemoveLastDedupEvent(Record record)
    {
        var index = record.Lineage.FindLastIndex(e => e.Stage == "dedup");
        if (index < 0) return null;
        var removed = record.Lineage[index];
        record.Lineage.RemoveAt(index);
        return removed;
    }

    private static string Repoint(string? decision, string from, string to)
    {
        foreach (var prefix in new[] { "duplicate_of:", "near_duplicate_of:" })
            if (decision is not null && decision.StartsWith(prefix + from, StringComparison.Ordinal)
                && (decision.Length == prefix.Length + from.Length || decision[prefix.Length + from.Length] == ':'))
                return prefix + to + decision[(prefix.Length + from.Length)..];
        return "duplicate_of:" + to;
    }

    private static StepDefinition? DedupStep(PipelineDefinition pipeline) => pipeline.Steps.FirstOrDefault(s => s.Type == "dedup");

    private static NearDuplicateIndex? NearIndex(PipelineDefinition pipeline) =>
        DedupStep(pipeline) is { Method: "minhash" } step ? new NearDuplicateIndex(step.MinHash ?? new MinHashOptions()) : null;

    /// <summary>Closes the last, partial window (null when nothing is pending).</summary>
    public ShardWindow? Flush() => _window.Count > 0 ? Close() : null;

    private ShardWindow Close()
    {
        var kept = Decide(_candidates);
        string? shard = null;
        if (kept.Count > 0)
        {
            shard = $"shards/shard-{_shardIndex++.ToString("D5", CultureInfo.InvariantCulture)}{shardExtension}";
            for (var row = 0; row < kept.Count; row++)
            {
                kept[row].Disposition = Disposition.KeptIn(shard, row);
                kept[row].Lineage.Add(stages.Emit.Event($"{shard}#{row}"));
            }
        }
        foreach (var record in _window) Tally.CountOut(record, _policy.SyntheticThreshold);
        var window = new ShardWindow(_windowIndex++, shard, _window, kept);
        _window = new List<Record>();
        _candidates.Clear();
        _openRepresentatives.Clear();
        return window;
    }

    private List<Record> Decide(List<Record> candidates)
    {
        var unflagged = new List<Record>();
        var flagged = new List<Record>();
        foreach (var record in candidates)
        {
            var p = record.Attributes.PMachine;
            if (_policy.RejectAbove is { } limit && p >= limit)
                Settle(record, Disposition.RejectedFor(CurationReason.LikelySynthetic), stages.Curate.Event("rejected:" + CurationReason.LikelySynthetic));
            else if (_quota && p >= _policy.SyntheticThreshold) flagged.Add(record);
            else unflagged.Add(record);
        }

        // S / (H + S) <= share  <=>  S <= share * H / (1 - share); the epsilon keeps exact ratios from rounding down.
        var allowed = _quota ? (int)Math.Floor(_policy.MaxSyntheticShare * unflagged.Count / (1 - _policy.MaxSyntheticShare) + 1e-9) : flagged.Count;
        flagged.Sort((a, b) => a.Attributes.PMachine!.Value != b.Attributes.PMachine!.Value
            ? a.Attributes.PMachine.Value.CompareTo(b.Attributes.PMachine.Value)
            : a.Sequence.CompareTo(b.Sequence));
        for (var i = 0; i < flagged.Count; i++)
        {
            if (i < allowed) flagged[i].Lineage.Add(stages.Curate.Event("kept:within_quota"));
            else Settle(flagged[i], Disposition.RejectedFor(CurationReason.QuotaExceeded), stages.Curate.Event("rejected:" + CurationReason.QuotaExceeded));
        }
        foreach (var record in unflagged) record.Lineage.Add(stages.Curate.Event("kept"));

        var kept = unflagged.Concat(flagged.Take(allowed)).ToList();
        kept.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
        return kept;
    }

    private static void Settle(Record record, Disposition disposition, LineageEvent lineageEvent)
    {
        record.Disposition = disposition;
        record.Lineage.Add(lineageEvent);
    }
}
