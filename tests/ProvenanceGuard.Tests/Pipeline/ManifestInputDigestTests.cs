using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using ProvenanceGuard.Formats.Compression;
using ProvenanceGuard.Pipeline;
using ProvenanceGuard.Provenance;
using ProvenanceGuard.Tests.Support;

namespace ProvenanceGuard.Tests.Pipeline;

/// <summary>
/// The manifest's input digests are the SHA-256 of each input file's bytes, whether the run digested an input along
/// its own reads (JSON lines, plain or compressed, in many small splits) or read it separately (CSV), in one task or
/// in a partitioned run whose tasks skip splits they already wrote.
/// </summary>
public class ManifestInputDigestTests
{
    private static readonly string[] Files = ["a.jsonl", "b.jsonl.gz", "c.jsonl.zst", "d.csv", "cut.jsonl.gz", "empty.jsonl"];

    /// <summary>Writes one input of each kind and a pipeline that cuts the plain file into 1 KB splits.</summary>
    private static string WriteCorpus(string folder)
    {
        var random = new Random(3);
        string Lines(int from, int count) => string.Concat(Enumerable.Range(from, count)
            .Select(i => $"{{\"id\": \"r{i}\", \"text\": \"{TestCorpus.Text(random, random.Next(5, 60))}\"}}\n"));

        File.WriteAllText(Path.Combine(folder, "a.jsonl"), Lines(0, 300).TrimEnd('\n')); // the last line has no newline
        var gzip = Gzip(Encoding.UTF8.GetBytes(Lines(1000, 200)));
        File.WriteAllBytes(Path.Combine(folder, "b.jsonl.gz"), gzip);
        using (var zstd = new ZstdCompressionStream(File.Create(Path.Combine(folder, "c.jsonl.zst"))))
            zstd.Write(Encoding.UTF8.GetBytes(Lines(2000, 200)));
        File.WriteAllText(Path.Combine(folder, "d.csv"), "id,text\n" + string.Concat(Enumerable.Range(0, 30).Select(i => $"c{i},\"{TestCorpus.Text(random, 20)}\"\n")));
        var cut = Gzip(Encoding.UTF8.GetBytes(Lines(3000, 200)));
        File.WriteAllBytes(Path.Combine(folder, "cut.jsonl.gz"), cut[..(cut.Length * 2 / 3)]);
        File.WriteAllBytes(Path.Combine(folder, "empty.jsonl"), []);

        var sources = string.Join(",\n", Files.Select((f, i) => $$"""    { "name": "s{{i}}", "path": "{{f}}" }"""));
        var pipeline = Path.Combine(folder, "pipeline.json");
        File.WriteAllText(pipeline, $$"""
            {
              "name": "digests",
              "sources": [
            {{sources}}
              ],
              "steps": [ { "type": "normalize" }, { "type": "dedup", "method": "exact" } ],
              "output": { "shardRows": 50 },
              "executor": { "batchRecords": 16, "splitBytes": 1024 }
            }
            """);
        return pipeline;
    }

    private static byte[] Gzip(byte[] data)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(data);
        return buffer.ToArray();
    }

    private static Task<RunResult> Run(string pipeline, string release, int rank = 0, int world = 1) =>
        PipelineRunner.RunAsync(PipelineLoader.Load(pipeline, []), new RunOptions { OutputDirectory = release, Rank = rank, World = world });

    private static List<string> FileDigests(string folder) =>
        Files.Select(f => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(folder, f))))).ToList();

    private static List<string> ManifestDigests(ReleaseManifest manifest) => manifest.Inputs.Select(i => i.Sha256).ToList();

    [Fact]
    public async Task A_one_task_run_records_each_input_files_sha256()
    {
        using var temp = new TempFolder();
        var pipeline = WriteCorpus(temp.Path);
        Assert.True(new FileInfo(temp.File("a.jsonl")).Length > 20 * 1024, "the plain file spans many splits");

        var result = await Run(pipeline, temp.File("release"));

        Assert.Equal(FileDigests(temp.Path), ManifestDigests(result.Manifest!));
        Assert.Equal(Files.Select(temp.File), result.Manifest!.Inputs.Select(i => i.Path));
    }

    [Fact]
    public async Task A_partitioned_run_whose_resumed_task_skips_its_written_splits_records_the_same_digests()
    {
        using var temp = new TempFolder();
        var pipeline = WriteCorpus(temp.Path);
        var release = temp.File("split");
        for (var rank = 0; rank < 3; rank++) await Run(pipeline, release, rank, 3);

        // Rank 0 owns the plain file's first split: rerun it with every split already written, so nothing is read along.
        var folder = TaskPlan.TaskFolder(release, 0, 3);
        File.Delete(Path.Combine(folder, TaskPlan.CompletionMarker));
        File.Delete(Path.Combine(folder, TaskPlan.DigestsFile));
        var resumed = await Run(pipeline, release, 0, 3);
        Assert.Equal(0, resumed.SplitsWritten);
        Assert.True(resumed.SplitsSkipped > 0);

        var merged = await PipelineRunner.MergeAsync(release, new RunOptions { OutputDirectory = release });

        Assert.Equal(FileDigests(temp.Path), ManifestDigests(merged.Manifest!));
    }
}
