using System.Text.Json;

namespace ProvenanceGuard.Simulation;

/// <summary>
/// How the detector behaves at the threshold the curator uses: the share of synthetic records it
/// flags (TPR) and the share of human records it wrongly flags (FPR).
/// </summary>
/// <param name="Source">Where the numbers came from, for the summary (a report path, "options", or "none").</param>
public sealed record DetectorOperatingPoint(double TruePositiveRate, double FalsePositiveRate, string Source)
{
    /// <summary>No detector: nothing is flagged, so every synthetic record leaks (the cautious default).</summary>
    public static DetectorOperatingPoint None { get; } = new(0, 0, "none (no detector: TPR = 0, FPR = 0)");

    public static DetectorOperatingPoint Create(double tpr, double fpr, string source)
    {
        if (!(tpr is >= 0 and <= 1)) throw new SimulationInputException($"{source}: detector TPR must be in [0, 1], got {tpr}.");
        if (!(fpr is >= 0 and <= 1)) throw new SimulationInputException($"{source}: detector FPR must be in [0, 1], got {fpr}.");
        return new DetectorOperatingPoint(tpr, fpr, source);
    }

    /// <summary>
    /// Reads a <c>detect eval --json</c> report and takes overall.tpr_at_1pct_fpr (FPR = 0.01) or,
    /// with <paramref name="falsePositiveRatePercent"/> = 5, overall.tpr_at_5pct_fpr (FPR = 0.05).
    /// </summary>
    public static DetectorOperatingPoint FromEvalReport(string reportPath, int falsePositiveRatePercent = 1)
    {
        if (falsePositiveRatePercent is not (1 or 5))
            throw new SimulationInputException($"detector operating point must be at 1% or 5% FPR, got {falsePositiveRatePercent}%.");
        var key = $"tpr_at_{falsePositiveRatePercent}pct_fpr";
        string json;
        try
        {
            json = File.ReadAllText(reportPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SimulationInputException($"{reportPath}: cannot read detector report: {e.Message}");
        }
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object ||
                !document.RootElement.TryGetProperty("overall", out var overall) || overall.ValueKind != JsonValueKind.Object)
                throw new SimulationInputException($"{reportPath}: detector report has no 'overall' object.");
            if (!overall.TryGetProperty(key, out var tpr) || tpr.ValueKind != JsonValueKind.Number)
                throw new SimulationInputException($"{reportPath}: detector report has no numeric overall.{key}.");
            return Create(tpr.GetDouble(), falsePositiveRatePercent / 100.0, $"{reportPath} (overall.{key})");
        }
        catch (JsonException e)
        {
            throw new SimulationInputException($"{reportPath}: not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine}): {e.Message}");
        }
    }
}
