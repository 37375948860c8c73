using System.Text.Json;

namespace ProvenanceGuard.Simulation;

/// <summary>
/// The parts of a pipeline file the simulator reads: the curator's <c>policy</c> (synthetic quota,
/// detector threshold) and the optional <c>simulation</c> block (verdict generation and thresholds).
/// Every other field of the pipeline is ignored.
/// </summary>
/// <param name="MaxSyntheticShare">policy.maxSyntheticShare: the largest share of the training mix the curator admits as synthetic.</param>
/// <param name="SyntheticThreshold">policy.syntheticThreshold: the detector score above which a record counts as flagged (informational here; the operating point carries its effect).</param>
/// <param name="VerdictGeneration">simulation.generations: the generation the verdict is judged at; null means the last one simulated.</param>
/// <param name="Thresholds">simulation.thresholds: name → limit, e.g. tailMassKeptMin → 0.9.</param>
public sealed record SimulationPolicy(
    double? MaxSyntheticShare,
    double? SyntheticThreshold,
    int? VerdictGeneration,
    IReadOnlyDictionary<string, double> Thresholds)
{
    /// <summary>No quota, no thresholds: what a pipeline without policy and simulation blocks means.</summary>
    public static SimulationPolicy Empty { get; } = new(null, null, null, new Dictionary<string, double>());

    /// <summary>Reads the policy and simulation blocks of a pipeline JSON file.</summary>
    public static SimulationPolicy Load(string pipelinePath)
    {
        string json;
        try
        {
            json = File.ReadAllText(pipelinePath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SimulationInputException($"{pipelinePath}: cannot read pipeline file: {e.Message}");
        }
        return Parse(json, pipelinePath);
    }

    /// <summary>Parses pipeline JSON text; <paramref name="source"/> names it in error messages.</summary>
    public static SimulationPolicy Parse(string json, string source)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new SimulationInputException($"{source}: not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine}): {e.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new SimulationInputException($"{source}: a pipeline must be a JSON object.");

            double? maxShare = null, threshold = null;
            int? generation = null;
            var thresholds = new Dictionary<string, double>(StringComparer.Ordinal);

            if (root.TryGetProperty("policy", out var policy))
            {
                RequireObject(policy, source, "policy");
                maxShare = OptionalNumber(policy, "maxSyntheticShare", source, "policy");
                threshold = OptionalNumber(policy, "syntheticThreshold", source, "policy");
                if (maxShare is < 0 or >= 1)
                    throw new SimulationInputException($"{source}: policy.maxSyntheticShare must be in [0, 1), got {maxShare}.");
            }

            if (root.TryGetProperty("simulation", out var simulation))
            {
                RequireObject(simulation, source, "simulation");
                var g = OptionalNumber(simulation, "generations", source, "simulation");
                if (g is { } gv)
                {
                    if (gv < 0 || gv != Math.Floor(gv) || gv > 100_000)
                        throw new SimulationInputException($"{source}: simulation.generations must be a whole number in [0, 100000], got {gv}.");
                    generation = (int)gv;
                }
                if (simulation.TryGetProperty("thresholds", out var t))
                {
                    RequireObject(t, source, "simulation.thresholds");
                    foreach (var p in t.EnumerateObject())
                    {
                        if (p.Value.ValueKind != JsonValueKind.Number)
                            throw new SimulationInputException($"{source}: simulation.thresholds.{p.Name} must be a number.");
                        if (!ThresholdName.TryParse(p.Name, out _))
                            throw new SimulationInputException($"{source}: simulation.thresholds.{p.Name}: a threshold name must end in Min or Max (e.g. tailMassKeptMin).");
                        thresholds[p.Name] = p.Value.GetDouble();
                    }
                }
            }
            return new SimulationPolicy(maxShare, threshold, generation, thresholds);
        }
    }

    private static void RequireObject(JsonElement e, string source, string path)
    {
        if (e.ValueKind != JsonValueKind.Object)
            throw new SimulationInputException($"{source}: '{path}' must be a JSON object.");
    }

    private static double? OptionalNumber(JsonElement parent, string name, string source, string path)
    {
        if (!parent.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind != JsonValueKind.Number)
            throw new SimulationInputException($"{source}: {path}.{name} must be a number.");
        return v.GetDouble();
    }
}
