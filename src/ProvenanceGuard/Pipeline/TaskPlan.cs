using System.Text.Json;
using ProvenanceGuard.Curation.Shards;
using ProvenanceGuard.Provenance;

namespace ProvenanceGuard.Pipeline;

/// <summary>
/// tasks/plan.json: what every task of a partitioned run agreed to do (the resolved pipeline, its config
/// hash, the detector and the split count), so <c>merge</c> needs nothing but the release folder.
/// </summary>
public sealed record TaskPlan(PipelineDefinition Pipeline, string ConfigSha256, DetectorEntry? Detector, int World, int Splits)
{
    public const string FileName = "plan.json";
    public const string TasksFolder = "tasks";
    public const string CompletionMarker = "_SUCCESS";
    public const string DigestsFile = "digests.json";

    public static string TaskFolder(string releaseDirectory, int rank, int world) =>
        Path.Combine(releaseDirectory, TasksFolder, $"rank-{rank:D5}-of-{world:D5}");

    public static string SplitFile(string taskFolder, int splitIndex) => Path.Combine(taskFolder, $"split-{splitIndex:D6}.tagged.jsonl.zst");

    public void Write(string releaseDirectory)
    {
        var path = Path.Combine(releaseDirectory, TasksFolder, FileName);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(this, ReleaseManifest.JsonOptions);
        if (File.Exists(path))
        {
            var existing = Read(releaseDirectory);
            if (existing.ConfigSha256 != ConfigSha256 || existing.World != World)
                throw new ConfigurationException(
                    $"{path}: this release folder holds tasks of another configuration or world size (config {existing.ConfigSha256[..12]}…, world {existing.World}); use a new --out folder");
            return;
        }
        AtomicFile.WriteAllBytes(path, bytes);
    }

    public static TaskPlan Read(string releaseDirectory)
    {
        var path = Path.Combine(releaseDirectory, TasksFolder, FileName);
        if (!File.Exists(path)) throw new ConfigurationException($"{path}: no task plan; run the tasks first (provguard run PIPELINE --rank R --world W --out {releaseDirectory})");
        return JsonSerializer.Deserialize<TaskPlan>(File.ReadAllBytes(path), ReleaseManifest.JsonOptions)
               ?? throw new InvalidDataException($"{path}: empty task plan");
    }
}
