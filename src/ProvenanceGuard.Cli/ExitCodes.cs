namespace ProvenanceGuard.Cli;

/// <summary>The process exit codes every verb uses.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int PolicyFailure = 1;
    public const int UsageOrConfig = 2;
    public const int DataError = 3;
}
