using ProvenanceGuard.Simulation.Loops;

namespace ProvenanceGuard.Simulation.Models;

/// <summary>
/// A simple generative model that is refit, generation after generation, on data it (partly)
/// produced itself. One instance describes the truth and the settings; each chain gets its own state.
/// </summary>
public interface ICollapseModel
{
    /// <summary>The model's name on the command line and in outputs: gaussian, gmm, zipf, regression, ngram.</summary>
    string Name { get; }

    /// <summary>
    /// Per-chain metrics, snake_case, in the order <see cref="IModelChain.Measure"/> writes them.
    /// Names starting with '_' are raw sums kept only for <see cref="PooledMetrics"/>; they get no bands.
    /// </summary>
    IReadOnlyList<string> Metrics { get; }

    /// <summary>The model's settings and truth, for the summary.</summary>
    IReadOnlyDictionary<string, object> Parameters { get; }

    /// <summary>A chain whose generation-0 model is the truth.</summary>
    IModelChain StartChain(ChainRandom rng, int samplesPerGeneration);

    /// <summary>Statistics over all chains' samples together (e.g. pooled_sample_variance), from the per-chain values of one generation.</summary>
    IEnumerable<KeyValuePair<string, double>> PooledMetrics(GenerationValues values) => [];
}

/// <summary>The state of one chain: the current model and whatever training data it keeps.</summary>
public interface IModelChain
{
    /// <summary>Writes the current generation's metrics, in <see cref="ICollapseModel.Metrics"/> order.</summary>
    void Measure(Span<double> metrics);

    /// <summary>Assembles the next training set as <paramref name="mix"/> says and refits the model on it.</summary>
    void Advance(GenerationMix mix);
}
