using ProvenanceGuard.Detection;

namespace ProvenanceGuard.Pipeline;

/// <summary>Everything about one invocation that is not the pipeline itself: where, which task, and the injected edges (clock, run id, scorer, progress).</summary>
public sealed record RunOptions
{
    public required string OutputDirectory { get; init; }
    public int Rank { get; init; }
    public int World { get; init; } = 1;
    public string RunId { get; init; } = Guid.NewGuid().ToString("N");
    public TimeProvider Clock { get; init; } = TimeProvider.System;
    /// <summary>A scorer to use instead of loading the pipeline's model (tests reuse one across runs).</summary>
    public IMachineTextScorer? Scorer { get; init; }
    public IProgress<RunProgress>? Progress { get; init; }
}

/// <summary>The outcome of <c>run</c> or <c>merge</c>: the manifest when a release was written, else the task's own counts.</summary>
public sealed record RunResult(
    string Directory,
    Provenance.ReleaseManifest? Manifest,
    long Records,
    long InputBytes,
    TimeSpan Elapsed,
    bool SkippedBecauseComplete,
    int SplitsWritten = 0,
    int SplitsSkipped = 0,
    Lineage.LineageLoadResult? Lineage = null);
