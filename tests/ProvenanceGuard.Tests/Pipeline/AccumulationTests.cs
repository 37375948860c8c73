using ProvenanceGuard.Pipeline;
using ProvenanceGuard.Tests.Support;

namespace ProvenanceGuard.Tests.Pipeline;

/// <summary>Accumulate rather than replace: a new release keeps the previous release's real data.</summary>
public class AccumulationTests
{
    private static async Task<ProvenanceGuard.Provenance.ReleaseManifest> Run(string pipeline, string release, Dictionary<string, string?>? flags = null,
        params string[] inputs)
    {
        var loaded = PipelineLoader.WithInputs(PipelineLoader.Load(pipeline, [], flags), inputs);
        return (await PipelineRunner.RunAsync(loaded, new RunOptions { OutputDirectory = release, Scorer = SharedResources.DemoBaseline })).Manifest!;
    }

    private static HashSet<string> KeptHashes(string release) => ReleaseFiles.Dispositions(release)
        .Where(d => d.GetProperty("disposition").GetString() == "kept").Select(d => d.GetProperty("content_sha256").GetString()!).ToHashSet();

    [BrownFact]
    public async Task The_new_release_keeps_every_record_the_previous_one_kept()
    {
        using var temp = new TempFolder();
        var pipeline = TestCorpus.Write(temp.Path);
        var first = await Run(pipeline, temp.File("v1"), null, temp.File("main.jsonl"));

        var flags = new Dictionary<string, string?> { ["policy:accumulateFrom"] = temp.File("v1") };
        var second = await Run(pipeline, temp.File("v2"), flags, temp.File("more.jsonl.gz"));

        Assert.True(second.Dispositions.Conserved);
        Assert.Equal(first.Dispositions.Kept, second.Inputs.Where(i => i.Source == InputPlanner.AccumulatedSource).Sum(i => i.Records));
        Assert.Subset(KeptHashes(temp.File("v2")), KeptHashes(temp.File("v1")));
        Assert.True(second.Dispositions.Kept > first.Dispositions.Kept, "new data joined the accumulated data");
    }

    [BrownFact]
    public async Task A_modified_previous_release_is_refused()
    {
        using var temp = new TempFolder();
        var pipeline = TestCorpus.Write(temp.Path);
        var first = await Run(pipeline, temp.File("v1"), null, temp.File("main.jsonl"));
        var shard = Path.Combine(temp.File("v1"), first.Shards[0].File);
        File.WriteAllBytes(shard, File.ReadAllBytes(shard).Concat(new byte[] { 0 }).ToArray());

        var flags = new Dictionary<string, string?> { ["policy:accumulateFrom"] = temp.File("v1") };
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => Run(pipeline, temp.File("v2"), flags, temp.File("more.jsonl.gz")));
        Assert.Contains("refusing to accumulate a modified release", e.Message);
    }
}
