namespace ProvenanceGuard.Tests.Support;

/// <summary>A fact that drives Debian's headless Chromium (/usr/bin/chromium; .ci/run installs it); skipped with the reason where it is absent.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string Executable = "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        if (!File.Exists(Executable)) Skip = $"{Executable} is not installed (apt-get install chromium; .ci/run does)";
        else if (ProjectPaths.Find(ProvenanceGuard.Detection.Reference.BrownCorpus.DefaultRelativePath) is null) Skip = SharedResources.BrownMissing;
    }
}
