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
/// maximum share, least likely synthetic first; or, on the mixture bound (<see cref="MixtureQuota"/>), the most
/// machine-like records (whole LLR bins, highest first) are dropped until the bound of the rest is within the maximum.
/// Given a spill directory, the exact-dedup index spills to it past <see cref="ExecutorOptions.ExactDedupEntriesInMemory"/> entries.
/// </summary>
public sealed class ShardWindowCurator(PipelineDefinition pipeline, StageDescriptors stages, string shardExtension,
    INearDuplicateClusters? nearDuplicates = null, string? spillDirectory = null) : IDisposable
{
    private readonly CurationPolicy _policy = pipeline.Policy;
    private readonly bool _dedup = pipeline.Steps.Any(s => s.Type == "dedup");
    private readonly bool _quota = pipeline.Steps.Any(s => s.Type == "quota");
    private readonly MixtureQuota? _mixture = pipeline.Steps.Any(s => s.Type == "quota") && pipeline.Policy.QuotaOnMixtureBound
        ? MixtureQuota.Load(pipeline.Policy, pipeline.Seed) : null;
    private readonly ExactDeduplicator _deduplicator = new(spillDirectory, pipeline.Executor.ExactDedupEntriesInMemory);
    private readonly INearDuplicateClusters? _nearDuplicates = DedupStep(pipeline) is { Method: "minhash" } step
        ? nearDuplicates ?? new IndexedNearDuplicateClusters(step.MinHash ?? new MinHashOptions())
        : null;
    private readonly RepresentativeOrder _representativeOrder = new(DedupStep(pipeline)?.MinHash?.DateField ?? new MinHashOptions().DateField);
    /// <summary>Near-duplicate clusters whose representative is a candidate of the open window (anchor → record); it may still be replaced.</summary>
    private readonly Dictionary<long, Record> _openRepresentatives = new();
    /// <summary>Records kept so far per source, for the policy's source caps (one entry per source).</summary>
    private readonly Dictionary<string, long> _keptBySource = new(StringComparer.Ordinal);
    private List<Record> _window = new();
    private readonly List<Record> _candidates = new();
    private int _windowIndex;
    private int _shardIndex;

    public CurationTally Tally { get; } = new(Pipeline.DetectorFactory.TrainingLengths(pipeline));

    /// <summary>
    /// The binned LLRs of a shard's kept records when the policy's quota is on the mixture bound (shards then carry
    /// them in the manifest), else null.
    /// </summary>
    public Provenance.Prevalence.LlrHistogram? LlrHistogramOf(IReadOnlyCollection<Record> kept)
    {
        if (_mixture is null) return null;
        var counts = _mixture.Histogram(kept);
        return Provenance.Prevalence.LlrHistogram.Of(counts, _mixture.Bins, kept.Count - counts.Sum());
    }

    /// <summary>Takes the next record; returns a closed window when this record completed one.</summary>
    public ShardWindow? Add(Record record)
    {
        _window.Add(record);
        if (record.Disposition is not null) return null;

        if (record.TextLength < _policy.MinTextChars)
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
        var match = _nearDuplicates!.FindOrAdd(record);
        if (match.StartedCluster)
        {
            _openRepresentatives[match.Anchor] = record;
            return false;
        }
        var similarity = match.Similarity!.Value.ToString("0.###", CultureInfo.InvariantCulture);
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

    /// <summary>
    /// Decides a window's candidates, every drop with its reason: the rejection line (likely_synthetic), then
    /// source caps (least human-evidenced first: source_cap), then each stratum's own maximum share
    /// (stratum_quota_exceeded), then the shard's maximum share (quota_exceeded). Unflagged records are kept
    /// unless a cap takes them; flagged ones are kept least likely synthetic first.
    /// </summary>
    private List<Record> Decide(List<Record> candidates)
    {
        var open = new List<Record>();
        foreach (var record in candidates)
        {
            if (_policy.RejectAbove is { } limit && record.Attributes.SyntheticProbability >= limit)
                Settle(record, Disposition.RejectedFor(CurationReason.LikelySynthetic), stages.Curate.Event("rejected:" + CurationReason.LikelySynthetic));
            else open.Add(record);
        }
        open.Sort(ByEvidence);
        if (_policy.SourceCaps is { Count: > 0 } caps) open = ApplySourceCaps(open, caps);

        if (_quota && _policy.StratumField is { } field && _policy.MaxSyntheticSharePerStratum is { } stratumShare)
        {
            var kept = new List<Record>();
            foreach (var stratum in open.GroupBy(r => Stratum.Of(r, field), StringComparer.Ordinal))
                kept.AddRange(ApplyQuota(stratum.ToList(), stratumShare, CurationReason.StratumQuotaExceeded, "kept:within_stratum_quota"));
            kept.Sort(ByEvidence);
            open = kept;
        }
        var result = _quota ? ApplyQuota(open, _policy.MaxSyntheticShare, CurationReason.QuotaExceeded, "kept:within_quota") : open;
        foreach (var record in result)
            if (!Flagged(record)) record.Lineage.Add(stages.Curate.Event("kept"));
        foreach (var record in result) _keptBySource[record.Source] = _keptBySource.GetValueOrDefault(record.Source) + 1;
        result.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
        return result;
    }

    /// <summary>Judged by the fused P(synthetic) when the pipeline fuses evidence (a declaration or watermark hit counts), else by P(machine).</summary>
    private bool Flagged(Record record) => _quota && record.Attributes.SyntheticProbability >= _policy.SyntheticThreshold;

    /// <summary>
    /// Keeps every unflagged record and flagged ones up to the allowance, in <see cref="ByEvidence"/> order except that
    /// strata below the policy's floor are served first; drops the rest with <paramref name="reason"/>.
    /// </summary>
    private List<Record> ApplyQuota(List<Record> records, double maxShare, string reason, string keptDecision)
    {
        if (_mixture is not null) return ApplyMixtureQuota(_mixture, records, maxShare, reason, keptDecision);
        var unflagged = records.Count(r => !Flagged(r));
        var allowed = SyntheticAllowance.Allowed(unflagged, records.Count - unflagged, maxShare, _policy);
        var admitted = new HashSet<Record>(ReferenceEqualityComparer.Instance);
        foreach (var record in FlaggedInAllowanceOrder(records).Take(allowed)) admitted.Add(record);
        var kept = new List<Record>(records.Count);
        foreach (var record in records)
        {
            if (!Flagged(record)) kept.Add(record);
            else if (admitted.Contains(record))
            {
                kept.Add(record);
                if (reason == CurationReason.QuotaExceeded) record.Lineage.Add(stages.Curate.Event(keptDecision));
            }
            else Settle(record, Disposition.RejectedFor(reason), stages.Curate.Event("rejected:" + reason));
        }
        return kept;
    }

    /// <summary>
    /// The quota on the mixture bound: drops the records of the highest LLR bins, whole bins at a time, until the bound
    /// of the rest is within <paramref name="maxShare"/> (<see cref="MixtureQuota.Cut"/>); records without an LLR stay.
    /// </summary>
    private List<Record> ApplyMixtureQuota(MixtureQuota quota, List<Record> records, double maxShare, string reason, string keptDecision)
    {
        var cut = quota.Cut(quota.Histogram(records), maxShare);
        var kept = new List<Record>(records.Count);
        foreach (var record in records)
        {
            if (MixtureQuota.Llr(record) is { } llr && quota.Bins.Index(llr) > cut)
                Settle(record, Disposition.RejectedFor(reason), stages.Curate.Event("rejected:" + reason));
            else
            {
                kept.Add(record);
                if (Flagged(record) && reason == CurationReason.QuotaExceeded) record.Lineage.Add(stages.Curate.Event(keptDecision));
            }
        }
        return kept;
    }

    /// <summary>
    /// The order in which flagged records get the synthetic allowance: without a floor, by evidence; with one, first
    /// one record at a time to each stratum still below the floor (counting its unflagged records), rarest first.
    /// </summary>
    private IEnumerable<Record> FlaggedInAllowanceOrder(List<Record> records)
    {
        var flagged = records.Where(Flagged).ToList();
        if (_policy.StratumFloor is not { } floor || _policy.StratumField is not { } field)
        {
            foreach (var record in flagged) yield return record;
            yield break;
        }
        var keptPerStratum = records.Where(r => !Flagged(r)).GroupBy(r => Stratum.Of(r, field), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var waiting = flagged.GroupBy(r => Stratum.Of(r, field), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => new Queue<Record>(g), StringComparer.Ordinal);
        var served = new HashSet<Record>(ReferenceEqualityComparer.Instance);
        while (true)
        {
            var needy = waiting.Where(w => w.Value.Count > 0 && keptPerStratum.GetValueOrDefault(w.Key) < floor)
                .OrderBy(w => keptPerStratum.GetValueOrDefault(w.Key)).ThenBy(w => w.Key, StringComparer.Ordinal).Select(w => w.Key).FirstOrDefault();
            if (needy is null) break;
            var record = waiting[needy].Dequeue();
            keptPerStratum[needy] = keptPerStratum.GetValueOrDefault(needy) + 1;
            served.Add(record);
            yield return record;
        }
        foreach (var record in flagged)
            if (!served.Contains(record)) yield return record;
    }

    private List<Record> ApplySourceCaps(List<Record> records, Dictionary<string, long> caps)
    {
        var taken = new Dictionary<string, long>(StringComparer.Ordinal);
        var kept = new List<Record>(records.Count);
        foreach (var record in records)
        {
            var used = _keptBySource.GetValueOrDefault(record.Source) + taken.GetValueOrDefault(record.Source);
            if (caps.TryGetValue(record.Source, out var cap) && used >= cap)
            {
                Settle(record, Disposition.RejectedFor(CurationReason.SourceCap), stages.Curate.Event("rejected:" + CurationReason.SourceCap));
                continue;
            }
            taken[record.Source] = taken.GetValueOrDefault(record.Source) + 1;
            kept.Add(record);
        }
        return kept;
    }

    /// <summary>Stronger human evidence first: lower P(synthetic) (fused, else P(machine); unscored counts as 0.5), then canonical order.</summary>
    private static int ByEvidence(Record a, Record b)
    {
        var byP = (a.Attributes.SyntheticProbability ?? 0.5).CompareTo(b.Attributes.SyntheticProbability ?? 0.5);
        return byP != 0 ? byP : a.Sequence.CompareTo(b.Sequence);
    }

    private static void Settle(Record record, Disposition disposition, LineageEvent lineageEvent)
    {
        record.Disposition = disposition;
        record.Lineage.Add(lineageEvent);
    }

    public void Dispose() => _deduplicator.Dispose();
}
