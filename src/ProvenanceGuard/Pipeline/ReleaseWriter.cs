using System.Text.Json;
using ProvenanceGuard.Curation;
using ProvenanceGuard.Curation.Shards;
using ProvenanceGuard.Records;

namespace ProvenanceGuard.Pipeline;

/// <summary>What the decide-and-emit half produced: the shards in order, the side files and the tally.</summary>
/// <summary>A written shard and what it holds: flagged rows, mean P(machine), rows per source, binned LLRs under the mixture quota.</summary>
public sealed record WrittenShard(ShardInfo Info, long Flagged, double? MeanPMachine, SortedDictionary<string, long> RowsBySource,
    Provenance.Prevalence.LlrHistogram? LlrHistogram = null);

public sealed record ReleaseContents(IReadOnlyList<WrittenShard> Shards, ShardInfo Rejected, ShardInfo Dispositions,
    CurationTally Tally, IReadOnlyDictionary<int, long> RecordsByInput);

/// <summary>
/// Decides and emits a release from tagged records arriving in canonical order: the curator settles each
/// record, the rejected and dispositions files are appended in order, and each closed window's kept
/// records are written as a shard on a background task (at most two at a time, so memory stays bounded).
/// </summary>
public sealed class ReleaseWriter : IDisposable
{
    public const string RejectedFile = "rejected.jsonl.gz";
    public const string DispositionsFile = "dispositions.jsonl.gz";
    public const string ShardsFolder = "shards";
    /// <summary>Scratch space for the exact-dedup index's sorted runs while the release is written; gone once it is.</summary>
    public const string DedupSpillFolder = ".exact-dedup-index";

    private readonly string _directory;
    private readonly IShardFormat _format;
    private readonly ShardWindowCurator _curator;
    private readonly JsonlGzipRecordFile _rejected;
    private readonly JsonlGzipRecordFile _dispositions;
    private readonly SemaphoreSlim _shardSlots = new(2);
    private Task _sideFiles = Task.CompletedTask;
    private readonly List<Task<WrittenShard>> _shardTasks = new();
    private readonly Dictionary<int, long> _recordsByInput = new();
    private readonly double _threshold;

    public ReleaseWriter(string directory, PipelineDefinition pipeline, StageDescriptors stages, IShardFormat format,
        Curation.NearDuplicates.INearDuplicateClusters? nearDuplicates = null)
    {
        _directory = directory;
        _format = format;
        _threshold = pipeline.Policy.SyntheticThreshold;
        _curator = new ShardWindowCurator(pipeline, stages, format.Extension, nearDuplicates, Path.Combine(directory, DedupSpillFolder));
        Directory.CreateDirectory(Path.Combine(directory, ShardsFolder));
        _rejected = new JsonlGzipRecordFile(directory, RejectedFile);
        _dispositions = new JsonlGzipRecordFile(directory, DispositionsFile, RecordJson.WriteDispositionLine);
    }

    public async Task AddAsync(IReadOnlyList<Record> records, CancellationToken cancellation)
    {
        foreach (var record in records)
        {
            var fileIndex = Ingestion.RecordSequence.FileIndex(record.Sequence);
            _recordsByInput[fileIndex] = _recordsByInput.GetValueOrDefault(fileIndex) + 1;
            if (_curator.Add(record) is { } window) await EmitAsync(window, cancellation);
        }
    }

    public async Task<ReleaseContents> CompleteAsync(CancellationToken cancellation)
    {
        if (_curator.Flush() is { } window) await EmitAsync(window, cancellation);
        var shards = await Task.WhenAll(_shardTasks);
        await _sideFiles;
        return new ReleaseContents(shards, _rejected.Complete(), _dispositions.Complete(), _curator.Tally, _recordsByInput);
    }

    private async Task EmitAsync(ShardWindow window, CancellationToken cancellation)
    {
        // The side files are appended in window order on a background task, one window behind at most,
        // so the curator can decide the next window meanwhile.
        await _sideFiles;
        _sideFiles = Task.Run(() =>
        {
            foreach (var record in window.Records)
            {
                _dispositions.Write(record);
                if (record.Disposition!.Kind == DispositionKind.Rejected) _rejected.Write(record);
                // A kept record's text is released by its shard's writer.
                if (record.Disposition.Kind != DispositionKind.Kept) record.ReleaseText();
            }
        }, cancellation);
        if (window.ShardFile is null) return;

        await _shardSlots.WaitAsync(cancellation);
        _shardTasks.Add(Task.Run(() =>
        {
            try
            {
                return WriteShard(window, cancellation);
            }
            finally
            {
                _shardSlots.Release();
            }
        }, cancellation));
    }

    private WrittenShard WriteShard(ShardWindow window, CancellationToken cancellation)
    {
        using var writer = _format.Create(_directory, window.ShardFile!);
        long flagged = 0, scored = 0;
        double sum = 0;
        var bySource = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var record in window.Kept)
        {
            cancellation.ThrowIfCancellationRequested();
            writer.Write(record);
            record.ReleaseText();
            bySource[record.Source] = bySource.GetValueOrDefault(record.Source) + 1;
            if (record.Attributes.PMachine is { } p)
            {
                scored++;
                sum += p;
            }
            if (record.Attributes.SyntheticProbability >= _threshold) flagged++;
        }
        return new WrittenShard(writer.Complete(), flagged, scored == 0 ? null : sum / scored, bySource, _curator.LlrHistogramOf(window.Kept));
    }

    public void Dispose()
    {
        try { Task.WaitAll([.. _shardTasks, _sideFiles]); } catch (AggregateException) { }
        _rejected.Dispose();
        _dispositions.Dispose();
        _shardSlots.Dispose();
        _curator.Dispose();
    }
}
