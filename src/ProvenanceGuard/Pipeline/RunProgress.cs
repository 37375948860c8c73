namespace ProvenanceGuard.Pipeline;

/// <summary>A progress snapshot: records decided, input bytes consumed out of the total, time elapsed.</summary>
public readonly record struct RunProgress(long Records, long InputBytes, long TotalInputBytes, TimeSpan Elapsed)
{
    public double RecordsPerSecond => Elapsed.TotalSeconds > 0 ? Records / Elapsed.TotalSeconds : 0;
    public double MegabytesPerSecond => Elapsed.TotalSeconds > 0 ? InputBytes / 1e6 / Elapsed.TotalSeconds : 0;

    public TimeSpan? Remaining => InputBytes > 0 && TotalInputBytes > InputBytes
        ? TimeSpan.FromSeconds(Elapsed.TotalSeconds * (TotalInputBytes - InputBytes) / InputBytes)
        : null;
}
