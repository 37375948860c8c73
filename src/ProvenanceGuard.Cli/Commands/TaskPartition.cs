namespace ProvenanceGuard.Cli.Commands;

/// <summary>
/// This process's task: from --rank/--world, else from the scheduler's environment (Slurm job arrays:
/// SLURM_ARRAY_TASK_ID / SLURM_ARRAY_TASK_COUNT; Kubernetes indexed jobs: JOB_COMPLETION_INDEX).
/// </summary>
internal readonly record struct TaskPartition(int Rank, int World)
{
    public static TaskPartition Resolve(int? rank, int? world, Func<string, string?> environment)
    {
        rank ??= Parse(environment("SLURM_ARRAY_TASK_ID"), "SLURM_ARRAY_TASK_ID") ?? Parse(environment("JOB_COMPLETION_INDEX"), "JOB_COMPLETION_INDEX");
        world ??= Parse(environment("SLURM_ARRAY_TASK_COUNT"), "SLURM_ARRAY_TASK_COUNT");
        if (rank is not null && world is null)
            throw new ConfigurationException("a rank was given (or found in the environment) but no world size: pass --world N");
        var partition = new TaskPartition(rank ?? 0, world ?? 1);
        if (partition.World < 1 || partition.Rank < 0 || partition.Rank >= partition.World)
            throw new ConfigurationException($"--rank {partition.Rank} --world {partition.World}: need 0 <= rank < world");
        return partition;
    }

    private static int? Parse(string? value, string name) =>
        value is null ? null : int.TryParse(value, out var n) ? n : throw new ConfigurationException($"{name}={value}: not a whole number");
}
