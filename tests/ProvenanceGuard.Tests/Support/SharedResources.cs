using ProvenanceGuard.Detection.Baseline;
using ProvenanceGuard.Detection.Reference;

namespace ProvenanceGuard.Tests.Support;

/// <summary>Resources outside the repo's source (the npm Brown Corpus, ../shared/data), found once and shared by tests.</summary>
public static class SharedResources
{
    private static readonly Lazy<BrownCorpus?> Brown = new(() =>
        ProjectPaths.Find(BrownCorpus.DefaultRelativePath) is { } path ? BrownCorpus.Open(path) : null);

    private static readonly Lazy<UnigramReference?> Reference = new(() => Brown.Value is { } b ? UnigramReference.FromBrown(b) : null);

    public const string BrownMissing = "the Brown Corpus is not installed (run: npm ci --prefix corpora)";

    public static BrownCorpus? BrownCorpus => Brown.Value;
    public static UnigramReference? BrownReference => Reference.Value;

    /// <summary>The demo's baseline detector, or null when the Brown Corpus is missing.</summary>
    public static UnigramSurprisalBaseline? DemoBaseline =>
        BrownReference is { } r ? UnigramSurprisalBaseline.Load(ProjectPaths.Require("models/baseline-unigram-surprisal-demo.json", "model"), r) : null;

    /// <summary>../shared/data/detect/dev.jsonl beside the repository, or null where it is absent.</summary>
    public static string? DetectDevData => ProjectPaths.Find("../shared/data/detect/dev.jsonl") ?? ProjectPaths.Find("shared/data/detect/dev.jsonl");
}
