namespace ProvenanceGuard.Tests.Cli.Slurm;

/// <summary>A fact that needs a running Slurm cluster: skipped with the reason unless PROVGUARD_TEST_SLURM names its slurm.conf.</summary>
public sealed class SlurmFactAttribute : FactAttribute
{
    public const string Variable = "PROVGUARD_TEST_SLURM";

    public SlurmFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(Variable)))
            Skip = "no Slurm cluster: run eval \"$(bash tests/slurm/start.sh)\"";
    }
}
