using System.Text.Json;
using ProvenanceGuard.Curation.NearDuplicates;
using ProvenanceGuard.Pipeline;
using ProvenanceGuard.Records;
using ProvenanceGuard.Tests.Support;
using Record = ProvenanceGuard.Records.Record;

namespace ProvenanceGuard.Tests.Curation;

/// <summary>
/// Near duplicates across the tasks of a partitioned run, in stages: each task writes its splits' bucket entries, the
/// merge exchanges them partition by partition into the buckets that distinct texts share, and the curator decides from
/// those exactly as one process with the whole index would.
/// </summary>
public class StagedNearDuplicateTests
{
    private static readonly MinHashOptions Options = new() { Partitions = 5 };

    /// <summary>Originals, exact copies and copies with 1 to 8 edited words out of 60-160 (many near the threshold), shuffled into one canonical order.</summary>
    private static List<Record> Mixture(int originals, int seed)
    {
        var random = new Random(seed);
        var texts = Enumerable.Range(0, originals).Select(_ => TestCorpus.Text(random, random.Next(60, 160))).ToList();
        var all = new List<string>(texts);
        for (var i = 0; i < originals; i++)
        {
            if (i % 5 == 0) all.Add(texts[i]);
            var words = texts[random.Next(originals)].Split(' ');
            var edits = random.Next(1, 9);
            for (var e = 0; e < edits; e++) words[random.Next(words.Length)] = "zeppelin" + random.Next(50);
            all.Add(string.Join(' ', words));
        }
        return all.OrderBy(_ => random.Next()).Select((text, i) => CuratorInputs.Scored(i, 0.2, text)).ToList();
    }

    /// <summary>The lookups in canonical order, as the curator makes them: exact copies of an earlier record are settled before any lookup.</summary>
    private static List<(long Anchor, double? Similarity)> Lookups(IEnumerable<Record> records, INearDuplicateClusters clusters, Func<long, long> anchorKey)
    {
        var seen = new HashSet<string>();
        return records.Where(r => seen.Add(r.ContentSha256)).Select(r => clusters.FindOrAdd(r))
            .Select(l => (anchorKey(l.Anchor), l.Similarity)).ToList();
    }

    private static SharedBuckets Resolve(List<Record> records, int splits, string folder)
    {
        var files = new List<string>();
        foreach (var chunk in records.Chunk((records.Count + splits - 1) / splits))
        {
            var bands = new SplitBands(Options, minTextChars: 1);
            bands.Add(chunk);
            var path = Path.Combine(folder, $"split-{files.Count}.bands");
            bands.Write(path);
            files.Add(path);
        }
        return SharedBucketResolver.Resolve(files, Options.Partitions, workers: 2);
    }

    [Fact]
    public void Buckets_resolved_from_split_band_files_decide_every_lookup_as_the_global_index_does()
    {
        using var temp = new TempFolder();
        var records = Mixture(400, seed: 5);
        var indexed = new IndexedNearDuplicateClusters(Options);
        var anchorSequences = new List<long>();
        var expected = Lookups(records, new RecordingClusters(indexed, anchorSequences), a => anchorSequences[(int)a]);

        var staged = new SharedBucketClusters(Options, Resolve(records, splits: 7, temp.Path));
        var actual = Lookups(records, staged, a => a);

        Assert.Equal(expected, actual);
        Assert.InRange(expected.Count(l => l.Similarity is not null), 50, 400); // near duplicates were found, not only new clusters
        Assert.True(expected.Count(l => l.Similarity is null) >= 400, "every original starts a cluster or joins one");
        Assert.InRange(staged.HeldAnchors, 0, 1); // signatures are dropped after their last bucket closes: at most the final record's anchor remains
    }

    [Fact]
    public void A_large_family_of_near_identical_texts_costs_one_entry_per_member_and_band_not_one_per_pair()
    {
        using var temp = new TempFolder();
        var random = new Random(4);
        var template = TestCorpus.Text(random, 120).Split(' ');
        // 1,500 pages from one template, each with one word of its own: most share most buckets with all the others.
        var records = Enumerable.Range(0, 1_500)
            .Select(i => CuratorInputs.Scored(i, 0.2, string.Join(' ', template.Select((w, n) => n == i % template.Length ? $"page{i}" : w))))
            .ToList();

        var buckets = Resolve(records, splits: 3, temp.Path);
        var staged = new SharedBucketClusters(Options, buckets);
        var lookups = Lookups(records, staged, a => a);

        Assert.InRange(buckets.Memberships, records.Count, records.Count * Options.Bands); // a pair list would hold ~1.1 million pairs
        Assert.InRange(lookups.Count(l => l.Similarity is null), 1, 10); // a few pages anchor the family, the rest join them
        var indexed = new IndexedNearDuplicateClusters(Options);
        var anchorSequences = new List<long>();
        Assert.Equal(Lookups(records, new RecordingClusters(indexed, anchorSequences), a => anchorSequences[(int)a]), lookups);
    }

    [Fact]
    public void Exact_copies_fold_into_their_first_occurrence_so_a_bucket_of_copies_is_not_shared()
    {
        using var temp = new TempFolder();
        var text = TestCorpus.Text(new Random(1), 100);
        var records = Enumerable.Range(0, 50).Select(i => CuratorInputs.Scored(i, 0.2, text)).ToList();
        Assert.Equal(0, Resolve(records, splits: 3, temp.Path).Buckets);
    }

    [Fact]
    public void A_damaged_band_file_is_refused_with_its_path_and_offset()
    {
        using var temp = new TempFolder();
        var records = Mixture(20, seed: 2);
        var bands = new SplitBands(Options, minTextChars: 1);
        bands.Add(records);
        var path = temp.File("split-0.bands");
        bands.Write(path);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^30]);

        var e = Assert.ThrowsAny<Exception>(() => SharedBucketResolver.Resolve([path], Options.Partitions, workers: 1));
        var error = e is AggregateException aggregate ? aggregate.InnerExceptions[0] : e;
        Assert.IsType<InvalidDataException>(error);
        Assert.Contains(path, error.Message);
        Assert.Contains("offset", error.Message);
    }

    [Fact]
    public async Task Three_tasks_find_near_duplicates_across_tasks_and_merge_to_the_single_process_release()
    {
        using var temp = new TempFolder();
        var random = new Random(11);
        var originals = Enumerable.Range(0, 40).Select(_ => TestCorpus.Text(random, 150)).ToList();
        string Line(string id, string text) => JsonSerializer.Serialize(new { id, text }) + "\n";
        // Originals and their lightly edited copies lie in different files, so in different splits dealt to the three ranks.
        File.WriteAllText(temp.File("originals.jsonl"), string.Concat(originals.Select((t, i) => Line($"orig-{i}", t))));
        File.WriteAllText(temp.File("copies.jsonl"), string.Concat(originals.Select((t, i) =>
            Line($"fresh-{i}", TestCorpus.Text(random, 120)) + Line($"copy-{i}", string.Join(' ', t.Split(' ').Select((w, n) => n == 75 ? "zeppelin" : w))))));
        var pipeline = temp.File("pipeline.json");
        File.WriteAllText(pipeline, """
            {
              "name": "staged",
              "sources": [ { "name": "originals", "path": "originals.jsonl" }, { "name": "copies", "path": "copies.jsonl" } ],
              "steps": [ { "type": "normalize" }, { "type": "dedup", "method": "minhash", "minhash": { "partitions": 3 } } ],
              "policy": { "minTextChars": 20 },
              "output": { "shardRows": 30 },
              "executor": { "batchRecords": 16, "splitBytes": 8192 }
            }
            """);
        var loaded = PipelineLoader.Load(pipeline, []);
        await PipelineRunner.RunAsync(loaded, new RunOptions { OutputDirectory = temp.File("single") });
        for (var rank = 0; rank < 3; rank++)
            await PipelineRunner.RunAsync(loaded, new RunOptions { OutputDirectory = temp.File("split"), Rank = rank, World = 3 });
        await PipelineRunner.MergeAsync(temp.File("split"), new RunOptions { OutputDirectory = temp.File("split") });

        var rankOf = new Dictionary<string, int>();
        for (var rank = 0; rank < 3; rank++)
            foreach (var file in Directory.EnumerateFiles(TaskPlan.TaskFolder(temp.File("split"), rank, 3), "*.tagged.jsonl.zst"))
                foreach (var batch in TaggedRecordFile.Read(file))
                    foreach (var record in batch) rankOf[record.Id] = rank;
        Assert.True(Enumerable.Range(0, 40).Count(i => rankOf[$"orig-{i}"] != rankOf[$"copy-{i}"]) >= 20, "most copies are tagged by another task than their original");

        var merged = ReleaseFiles.Dispositions(temp.File("split"));
        var copies = merged.Where(d => d.GetProperty("id").GetString()!.StartsWith("copy-")).ToList();
        Assert.Equal(40, copies.Count);
        Assert.All(copies, d => Assert.Equal("orig-" + d.GetProperty("id").GetString()!["copy-".Length..], d.GetProperty("duplicate_of").GetString()));
        Assert.Equal(ReleaseFiles.ShardBytes(temp.File("single")), ReleaseFiles.ShardBytes(temp.File("split")));
        Assert.Equal(ReleaseFiles.Dispositions(temp.File("single")).Select(d => d.GetRawText()), merged.Select(d => d.GetRawText()));
    }

    [Fact]
    public async Task A_task_killed_between_its_tagged_file_and_its_band_file_redoes_that_split()
    {
        using var temp = new TempFolder();
        var pipeline = StagedPipeline(temp);
        var loaded = PipelineLoader.Load(pipeline, []);
        var release = temp.File("split");
        await PipelineRunner.RunAsync(loaded, new RunOptions { OutputDirectory = release, Rank = 0, World = 2 });
        var task = TaskPlan.TaskFolder(release, 0, 2);
        var band = Directory.EnumerateFiles(task, "*.bands").Order().First();
        File.Delete(band);
        File.Delete(Path.Combine(task, TaskPlan.CompletionMarker));

        var again = await PipelineRunner.RunAsync(loaded, new RunOptions { OutputDirectory = release, Rank = 0, World = 2 });

        Assert.Equal(1, again.SplitsWritten);
        Assert.True(File.Exists(band));
    }

    private static string StagedPipeline(TempFolder temp)
    {
        var random = new Random(3);
        File.WriteAllText(temp.File("in.jsonl"), string.Concat(Enumerable.Range(0, 200)
            .Select(i => JsonSerializer.Serialize(new { id = $"r{i}", text = TestCorpus.Text(random, 80) }) + "\n")));
        File.WriteAllText(temp.File("pipeline.json"), """
            { "name": "staged", "sources": [ { "name": "in", "path": "in.jsonl" } ],
              "steps": [ { "type": "dedup", "method": "minhash" } ], "executor": { "splitBytes": 16384 } }
            """);
        return temp.File("pipeline.json");
    }

    /// <summary>Remembers which record started each anchor of the in-process index, to compare anchors by record.</summary>
    private sealed class RecordingClusters(INearDuplicateClusters inner, List<long> anchorSequences) : INearDuplicateClusters
    {
        public NearDuplicateLookup FindOrAdd(Record record)
        {
            var lookup = inner.FindOrAdd(record);
            if (lookup.StartedCluster) anchorSequences.Add(record.Sequence);
            return lookup;
        }

        public string RepresentativeOf(long anchor) => inner.RepresentativeOf(anchor);
        public void SetRepresentative(long anchor, string id) => inner.SetRepresentative(anchor, id);
    }
}
