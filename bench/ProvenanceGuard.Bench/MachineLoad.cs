namespace ProvenanceGuard.Bench;

/// <summary>The 1, 5 and 15 minute load averages, printed beside timings because this machine is shared.</summary>
internal static class MachineLoad
{
    public static string Averages() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
