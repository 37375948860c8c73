using ProvenanceGuard.Simulation.Loops;
using ProvenanceGuard.Simulation.Models;

namespace ProvenanceGuard.Simulation;

/// <summary>Turns a <see cref="SimulationRequest"/> into a model and a loop, runs it and judges the result.</summary>
public static class SimulationRunner
{
    public static readonly string[] ModelNames = ["gaussian", "gmm", "zipf", "regression", "ngram"];

    public static ICollapseModel CreateModel(string name, ModelSettings s) => name.ToLowerInvariant() switch
    {
        "gaussian" => new GaussianModel(new GaussianModelOptions(s.Dimensions, 0, 1, s.BiasedVariance)),
        "gmm" => new GaussianMixtureModel(new GaussianMixtureOptions(s.Components, s.Separation)),
        "zipf" => CategoricalModel.Zipf(s.Categories, s.ZipfExponent, new CategoricalModelOptions(s.Smoothing, s.TailFraction)),
        "regression" => new LinearRegressionModel(new LinearRegressionOptions(s.Features, s.NoiseVariance)),
        "ngram" => TextModelFactory.Create(s),
        _ => throw new SimulationInputException($"unknown model '{name}': expected one of {string.Join(", ", ModelNames)}."),
    };

    /// <summary>The training-set size a model uses when the request does not say.</summary>
    public static int DefaultSamples(string model, ModelSettings s) => model.ToLowerInvariant() switch
    {
        "zipf" => (int)Math.Min(int.MaxValue, 10L * s.Categories),
        "regression" => 100,
        "ngram" => 20_000,
        _ => 1000,
    };

    /// <summary>The number of chains a model runs when the request does not say.</summary>
    public static int DefaultChains(string model) => model.Equals("ngram", StringComparison.OrdinalIgnoreCase) ? 32 : 200;

    public static TrainingLoop CreateLoop(SimulationRequest r, int samples)
    {
        var kind = TrainingLoop.ParseKind(r.Loop);
        if (!(r.FreshRealFraction is >= 0 and <= 1))
            throw new SimulationInputException($"fresh real fraction (lambda) must be in [0, 1], got {r.FreshRealFraction}.");
        if (!(r.PoolSyntheticShare is >= 0 and <= 1))
            throw new SimulationInputException($"pool synthetic share must be in [0, 1], got {r.PoolSyntheticShare}.");
        var share = kind == LoopKind.Policy ? PolicyLeakage.SyntheticShare(r.PoolSyntheticShare, r.Detector, r.Policy.MaxSyntheticShare) : 0;
        return new TrainingLoop(kind, samples, r.FreshRealFraction, share);
    }

    public static SimulationReport Execute(SimulationRequest request, CancellationToken cancellationToken = default)
    {
        var model = CreateModel(request.Model, request.ModelSettings);
        var samples = request.Samples ?? DefaultSamples(request.Model, request.ModelSettings);
        var loop = CreateLoop(request, samples);
        var settings = new SimulationSettings(request.Generations, request.Chains ?? DefaultChains(request.Model), request.Seed, request.MaxDegreeOfParallelism);
        var run = new CollapseSimulator().Run(model, loop, settings, cancellationToken);
        return SimulationReport.Create(run, request.Policy, request.Detector, request.PoolSyntheticShare);
    }
}
