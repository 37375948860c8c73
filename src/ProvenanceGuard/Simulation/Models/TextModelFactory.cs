namespace ProvenanceGuard.Simulation.Models;

/// <summary>Builds the text (word n-gram) collapse model from the Brown Corpus.</summary>
internal static class TextModelFactory
{
    public static ICollapseModel Create(ModelSettings settings) =>
        throw new SimulationInputException("the ngram model is not available yet.");
}
