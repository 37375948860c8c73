using System.Globalization;
using ProvenanceGuard.Pipeline;
using ProvenanceGuard.Records;

namespace ProvenanceGuard.Curation;

/// <summary>
/// The deciding half of the pipeline. Reads tagged records in canonical order and gives each exactly one
/// disposition: rejected records pass through; too-short texts and exact duplicates are settled at once;
/// the rest are candidates, and every <see cref="OutputOptions.ShardRows"/> candidates the window closes and
/// the quota is applied: all unflagged records are kept, and flagged (synthetic) ones only up to the
/// maximum share, least likely synthetic first.
/// </summary>
public sealed class ShardWindowCurator(PipelineDefinition pipeline, StageDescriptors stages, string shardExtension)
{
    private readonly CurationPolicy _policy = pipeline.Policy;
    private readonly bool _dedup = pipeline.Steps.Any(s => s.Type == "dedup");
    private readonly bool _quota = pipeline.Steps.Any(s => s.Type == "quota");
    private readonly ExactDeduplicator _deduplicator = new();
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
            record.Lineage.Add(stages.Dedup.Event("unique"));
        }
        _candidates.Add(record);
        return _candidates.Count >= pipeline.Output.ShardRows ? Close() : null;
    }

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
