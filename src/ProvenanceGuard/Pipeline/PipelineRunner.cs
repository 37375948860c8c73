using System.Diagnostics;
using System.Text.Json;
using ProvenanceGuard.Curation.NearDuplicates;
using ProvenanceGuard.Curation.Shards;
using ProvenanceGuard.Detection;
using ProvenanceGuard.Ingestion;
using ProvenanceGuard.Provenance;
using ProvenanceGuard.Records;

namespace ProvenanceGuard.Pipeline;

/// <summary>
/// Runs a pipeline. With one task (<c>world</c> = 1) it tags, decides and emits a release in one streaming
/// pass. As task <c>rank</c> of <c>world</c> it tags only its splits into per-split files under
/// tasks/, skipping splits already written and the whole task once its completion marker exists;
/// <see cref="MergeAsync"/> then decides over all task outputs in canonical order, so the merged release
/// is byte-for-byte the single-task one.
/// </summary>
public static class PipelineRunner
{
    public static Task<RunResult> RunAsync(LoadedPipeline pipeline, RunOptions options, CancellationToken cancellation = default)
    {
        if (options.World < 1 || options.Rank < 0 || options.Rank >= options.World)
            throw new ConfigurationException($"--rank {options.Rank} --world {options.World}: rank must be in [0, world)");
        return options.World == 1 ? RunSingleAsync(pipeline, options, cancellation) : RunTaskAsync(pipeline, options, cancellation);
    }

    private static async Task<RunResult> RunSingleAsync(LoadedPipeline pipeline, RunOptions options, CancellationToken cancellation)
    {
        var definition = pipeline.Definition;
        var inputs = InputPlanner.Inputs(definition);
        var splits = InputPlanner.Splits(inputs, definition.Executor.SplitBytes);
        var scorer = options.Scorer ?? DetectorFactory.Create(definition);
        var detector = DetectorEntryFor(scorer, definition);
        var stages = Stages(definition, detector);
        var directory = options.OutputDirectory;
        ClearRelease(directory);
        var clock = Stopwatch.StartNew(); // throughput counts the streaming pass, not loading the detector

        // Local JSON-lines inputs are digested by the reads that parse them; the rest are read for their digest alongside.
        using var digests = new InputDigests(inputs);
        var separate = Task.Run(() => inputs.Where(i => !digests.ReadAlong.ContainsKey(i.Index)).ToDictionary(i => i.Index, digests.Of), cancellation);
        var totalBytes = inputs.Sum(i => i.Length);
        long records = 0, inputBytes = 0;
        ReleaseContents contents;
        using (var release = new ReleaseWriter(directory, definition, stages, ShardFormat(definition)))
        {
            var tagging = new TaggingPipeline(definition, new RecordTagger(definition, inputs, scorer, stages, new TextSlabPool(), SplitBands.OptionsOf(definition)),
                digests.ReadAlong);
            await foreach (var (batch, bytes) in tagging.RunAsync(splits, cancellation))
            {
                await release.AddAsync(batch, cancellation);
                records += batch.Length;
                inputBytes = bytes;
                options.Progress?.Report(new RunProgress(records, inputBytes, totalBytes, clock.Elapsed));
            }
            contents = await release.CompleteAsync(cancellation);
        }
        var separateDigests = await separate;
        var inputDigests = inputs.Select(i => separateDigests.GetValueOrDefault(i.Index) ?? digests.Of(i)).ToList();
        var manifest = ManifestBuilder.Build(pipeline, options, detector, inputs, inputDigests, contents, tasks: 1);
        WriteManifest(directory, manifest);
        return new RunResult(directory, manifest, records, totalBytes, clock.Elapsed, false, Lineage: LoadLineage(directory, definition));
    }

    private static async Task<RunResult> RunTaskAsync(LoadedPipeline pipeline, RunOptions options, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        var definition = pipeline.Definition;
        var directory = options.OutputDirectory;
        var taskFolder = TaskPlan.TaskFolder(directory, options.Rank, options.World);
        if (File.Exists(Path.Combine(taskFolder, TaskPlan.CompletionMarker)))
            return new RunResult(directory, null, 0, 0, clock.Elapsed, SkippedBecauseComplete: true);

        var inputs = InputPlanner.Inputs(definition);
        var splits = InputPlanner.Splits(inputs, definition.Executor.SplitBytes);
        var scorer = options.Scorer ?? DetectorFactory.Create(definition);
        var detector = DetectorEntryFor(scorer, definition);
        new TaskPlan(definition, pipeline.ConfigSha256, detector, options.World, splits.Count).Write(directory);
        Directory.CreateDirectory(taskFolder);
        // A killed attempt leaves its unfinished split as a hidden temporary file; the split is redone, so it goes.
        foreach (var temp in Directory.EnumerateFiles(taskFolder, ".*.tmp-*")) File.Delete(temp);

        var stages = Stages(definition, detector);
        // The owner of a file's first split digests the whole file, so every input is digested exactly once (along the
        // reads of this task's splits of it, then reading the rest).
        var owned = inputs.Where(i => splits.First(s => s.File.Index == i.Index) is var first && InputPlanner.IsMine(first, options.Rank, options.World))
            .Select(i => i.Index).ToHashSet();
        using var digests = new InputDigests(inputs, i => owned.Contains(i.Index));
        var tagging = new TaggingPipeline(definition, new RecordTagger(definition, inputs, scorer, stages), digests.ReadAlong);
        var mine = splits.Where(s => InputPlanner.IsMine(s, options.Rank, options.World)).ToList();
        var totalBytes = mine.Sum(s => s.End < 0 ? s.File.Length - s.Start : s.End - s.Start);
        var minHash = SplitBands.OptionsOf(definition);
        long records = 0, doneBytes = 0;
        int written = 0, skipped = 0;
        foreach (var split in mine)
        {
            var target = TaskPlan.SplitFile(taskFolder, split.Index);
            var bandsFile = SplitBands.FileFor(taskFolder, split.Index);
            var splitBytes = split.End < 0 ? split.File.Length - split.Start : split.End - split.Start;
            if (File.Exists(target) && (minHash is null || File.Exists(bandsFile)))
            {
                skipped++;
                doneBytes += splitBytes;
                continue;
            }
            // The band file is written after the tagged file, so a split with both is complete; one without is redone.
            var bands = minHash is null ? null : new SplitBands(minHash, definition.Policy.MinTextChars);
            records += await TaggedRecordFile.WriteAsync(target, Batches(tagging.RunAsync([split], cancellation), bands), cancellation);
            bands?.Write(bandsFile);
            written++;
            doneBytes += splitBytes;
            options.Progress?.Report(new RunProgress(records, doneBytes, totalBytes, clock.Elapsed));
        }

        var ownedDigests = inputs.Where(i => owned.Contains(i.Index)).ToDictionary(i => i.Index.ToString(), digests.Of);
        AtomicFile.WriteAllBytes(Path.Combine(taskFolder, TaskPlan.DigestsFile), JsonSerializer.SerializeToUtf8Bytes(ownedDigests));
        AtomicFile.WriteAllBytes(Path.Combine(taskFolder, TaskPlan.CompletionMarker), JsonSerializer.SerializeToUtf8Bytes(new
        {
            rank = options.Rank, world = options.World, splits = mine.Select(s => s.Index), records,
            finishedAt = options.Clock.GetUtcNow(),
        }));
        return new RunResult(directory, null, records, totalBytes, clock.Elapsed, false, written, skipped);
    }

    /// <summary>Decides and emits the release from the outputs of every task of a partitioned run.</summary>
    public static async Task<RunResult> MergeAsync(string directory, RunOptions options, CancellationToken cancellation = default)
    {
        var clock = Stopwatch.StartNew();
        var plan = TaskPlan.Read(directory);
        var definition = plan.Pipeline;
        var missing = Enumerable.Range(0, plan.World)
            .Where(r => !File.Exists(Path.Combine(TaskPlan.TaskFolder(directory, r, plan.World), TaskPlan.CompletionMarker)))
            .ToList();
        if (missing.Count > 0)
            throw new InvalidDataException($"{directory}: tasks not finished: rank {string.Join(", ", missing)} of {plan.World}; run them, then merge again");

        var inputs = InputPlanner.Inputs(definition);
        var splits = InputPlanner.Splits(inputs, definition.Executor.SplitBytes);
        if (splits.Count != plan.Splits)
            throw new InvalidDataException($"{directory}: the inputs changed since the tasks ran ({splits.Count} splits now, {plan.Splits} planned)");
        var digests = new Dictionary<int, string>();
        for (var rank = 0; rank < plan.World; rank++)
        {
            var path = Path.Combine(TaskPlan.TaskFolder(directory, rank, plan.World), TaskPlan.DigestsFile);
            foreach (var (key, value) in JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllBytes(path))!)
                digests[int.Parse(key)] = value;
        }

        var nearDuplicates = ResolveNearDuplicates(directory, plan, splits, cancellation);
        ClearRelease(directory);
        var stages = Stages(definition, plan.Detector);
        long records = 0;
        ReleaseContents contents;
        using (var release = new ReleaseWriter(directory, definition, stages, ShardFormat(definition), nearDuplicates))
        {
            foreach (var split in splits)
            {
                var file = TaskPlan.SplitFile(TaskPlan.TaskFolder(directory, split.Index % plan.World, plan.World), split.Index);
                foreach (var batch in TaggedRecordFile.Read(file, definition.Executor.BatchRecords))
                {
                    cancellation.ThrowIfCancellationRequested();
                    await release.AddAsync(batch, cancellation);
                    records += batch.Length;
                }
            }
            contents = await release.CompleteAsync(cancellation);
        }
        var loaded = new LoadedPipeline(definition, plan.ConfigSha256, null);
        var manifest = ManifestBuilder.Build(loaded, options, plan.Detector, inputs, inputs.Select(i => digests[i.Index]).ToList(), contents, plan.World);
        WriteManifest(directory, manifest);
        return new RunResult(directory, manifest, records, inputs.Sum(i => i.Length), clock.Elapsed, false, Lineage: LoadLineage(directory, definition));
    }

    /// <summary>
    /// Staged near-duplicate detection: the tasks wrote each split's bucket entries; here they are exchanged partition
    /// by partition into shared buckets, so the curator compares a record only with the earlier anchors it shares a
    /// bucket with and no process builds the whole index.
    /// </summary>
    private static SharedBucketClusters? ResolveNearDuplicates(string directory, TaskPlan plan, IReadOnlyList<InputSplit> splits,
        CancellationToken cancellation)
    {
        if (SplitBands.OptionsOf(plan.Pipeline) is not { } minHash) return null;
        var files = splits.Select(s => SplitBands.FileFor(TaskPlan.TaskFolder(directory, s.Index % plan.World, plan.World), s.Index)).ToList();
        if (files.FirstOrDefault(f => !File.Exists(f)) is { } missing)
            throw new InvalidDataException($"{missing}: band file missing although its task finished; delete that task's _SUCCESS marker and run it again");
        return new SharedBucketClusters(minHash, SharedBucketResolver.Resolve(files, minHash.Partitions, Environment.ProcessorCount, cancellation));
    }

    private static async IAsyncEnumerable<Record[]> Batches(IAsyncEnumerable<(Record[] Records, long InputBytes)> tagged, SplitBands? bands)
    {
        await foreach (var (records, _) in tagged)
        {
            bands?.Add(records);
            yield return records;
        }
    }

    private static DetectorEntry? DetectorEntryFor(IMachineTextScorer? scorer, PipelineDefinition definition) =>
        scorer is null || !definition.Steps.Any(s => s.Type == "detect") ? null : new DetectorEntry(scorer.Name, scorer.Version, scorer.ModelDigest);

    private static StageDescriptors Stages(PipelineDefinition definition, DetectorEntry? detector) =>
        StageDescriptors.For(definition, detector?.Name ?? "none", detector?.Version ?? "0", detector?.ModelDigest ?? "");

    private static IShardFormat ShardFormat(PipelineDefinition definition) => definition.Output.ShardFormat switch
    {
        "jsonl.gz" => new JsonlGzipShardFormat(),
        "parquet" => new Formats.Parquet.Shards.ParquetShardFormat(),
        var other => throw new ConfigurationException($"output:shardFormat: unknown shard format '{other}'"),
    };

    public const string ManifestFile = "manifest.json";

    /// <summary>Loads the release's lineage once it is complete (timed on its own, outside the run's throughput): into lineage.db, or the configured shared store.</summary>
    private static Lineage.LineageLoadResult? LoadLineage(string directory, PipelineDefinition definition) =>
        definition.Output.Lineage ? Lineage.LineageWriters.Create(definition.Lineage).Load(directory) : null;

    private static void WriteManifest(string directory, ReleaseManifest manifest) =>
        AtomicFile.WriteAllBytes(Path.Combine(directory, ManifestFile), JsonSerializer.SerializeToUtf8Bytes(manifest, ReleaseManifest.JsonOptions));

    /// <summary>Removes a previous or interrupted release's outputs (never inputs or task outputs) so a re-run starts clean.</summary>
    private static void ClearRelease(string directory)
    {
        Directory.CreateDirectory(directory);
        foreach (var name in new[] { ManifestFile, Provenance.Signing.ManifestSigner.SignatureFile, ReleaseWriter.RejectedFile, ReleaseWriter.DispositionsFile,
                     Lineage.LineageLoader.DatabaseFile })
            File.Delete(Path.Combine(directory, name));
        var shards = Path.Combine(directory, ReleaseWriter.ShardsFolder);
        if (Directory.Exists(shards)) Directory.Delete(shards, recursive: true);
        foreach (var temp in Directory.EnumerateFiles(directory, ".*.tmp-*")) File.Delete(temp);
    }
}
