using ProvenanceGuard.Simulation.Text;

namespace ProvenanceGuard.Simulation.Models;

/// <summary>Builds the text (word trigram) collapse model from the Brown Corpus.</summary>
internal static class TextModelFactory
{
    public static ICollapseModel Create(ModelSettings settings) =>
        new NGramTextModel(BrownText.Load(settings.BrownCorpusPath),
            new TextSampling(settings.Temperature, settings.TopK, settings.TopP, settings.WatermarkDelta),
            settings.HeldOutTokens);
}
