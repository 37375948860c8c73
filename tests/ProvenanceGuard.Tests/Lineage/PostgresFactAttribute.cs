namespace ProvenanceGuard.Tests.Lineage;

/// <summary>A fact that needs a PostgreSQL server (and, if asked, the Brown Corpus): skipped with the reason unless PROVGUARD_TEST_POSTGRES holds a connection string.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    /// <summary>Also skip where the Brown Corpus (the demo detector's reference) is not installed.</summary>
    public bool NeedsBrownCorpus { get; set; }

    public override string Skip
    {
        get => base.Skip ?? (NeedsBrownCorpus && Support.SharedResources.BrownCorpus is null ? Support.SharedResources.BrownMissing : null!);
        set => base.Skip = value;
    }

    public const string Variable = "PROVGUARD_TEST_POSTGRES";

    public PostgresFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(Variable)))
            Skip = $"{Variable} is not set: start a throwaway server with eval \"$(tests/postgres/start.sh)\"";
    }
}
