using ProvenanceGuard.Pipeline;
using ProvenanceGuard.Records;

namespace ProvenanceGuard.Curation.NearDuplicates;

/// <summary>
/// The task's half of staged near-duplicate detection: sketches the records of one split that the curator will look
/// up (not rejected, not too short) and writes their bucket entries as the split's band file.
/// </summary>
public sealed class SplitBands(MinHashOptions options, int minTextChars)
{
    private readonly MinHashSketch _sketch = new(options);
    private readonly List<BandEntry> _entries = new();

    /// <summary>The near-duplicate settings of a pipeline whose dedup step uses MinHash, else null.</summary>
    public static MinHashOptions? OptionsOf(PipelineDefinition pipeline) =>
        pipeline.Steps.FirstOrDefault(s => s.Type == "dedup") is { Method: "minhash" } step ? step.MinHash ?? new MinHashOptions() : null;

    public static string FileFor(string taskFolder, int splitIndex) => Path.Combine(taskFolder, $"split-{splitIndex:D6}.bands");

    public void Add(IEnumerable<Record> records)
    {
        foreach (var record in records)
        {
            if (record.Disposition is not null || record.TextLength < minTextChars) continue;
            _sketch.Compute(record.Text);
            NearDuplicateBandFile.AddEntries(_entries, _sketch, options.Bands, record);
        }
    }

    public void Write(string path) => NearDuplicateBandFile.Write(path, _entries, options.Partitions);
}
