using System.Text.Json.Nodes;

namespace ProvenanceGuard.Provenance.Prevalence;

/// <summary>Class-conditional LLR histograms per calibration group over stated bins: what the score-mixture estimate calibrates on.</summary>
public sealed record ScoreHistograms(LlrBins Bins, IReadOnlyList<ScoreCalibrationGroup> Groups)
{
    /// <summary>
    /// The card's out-of-fold histograms (<c>operating_point.score_histograms</c>, written by <c>detect train</c>: bins
    /// <c>llr_low</c>, <c>bin_width</c>, <c>bins</c>, and per validation group a flat [bin, machine, human, ...] list), or
    /// null for a card without them. A malformed field is a data error naming the model and the group.
    /// </summary>
    public static ScoreHistograms? FromModelCard(JsonObject card, string modelPath)
    {
        if (card["operating_point"]?["score_histograms"] is not { } node) return null;
        var where = $"{modelPath}: operating_point.score_histograms";
        if (node is not JsonObject histograms) throw new InvalidDataException($"{where} is not an object");
        LlrBins bins;
        try
        {
            bins = new LlrBins(Number(histograms, "llr_low", where), Number(histograms, "bin_width", where), (int)Number(histograms, "bins", where)).Validated();
        }
        catch (ConfigurationException e)
        {
            throw new InvalidDataException($"{where}: {e.Message}");
        }
        if (histograms["groups"] is not JsonArray groups) throw new InvalidDataException($"{where}.groups is missing or not an array");
        var result = new List<ScoreCalibrationGroup>(groups.Count);
        foreach (var g in groups)
        {
            if (g is not JsonArray flat || flat.Count % 3 != 0)
                throw new InvalidDataException($"{where}.groups[{result.Count}] is not a flat [bin, machine, human, ...] list");
            var machine = new List<BinCount>();
            var human = new List<BinCount>();
            for (var i = 0; i < flat.Count; i += 3)
            {
                var bin = Integer(flat[i], $"{where}.groups[{result.Count}][{i}]");
                var m = Integer(flat[i + 1], $"{where}.groups[{result.Count}][{i + 1}]");
                var h = Integer(flat[i + 2], $"{where}.groups[{result.Count}][{i + 2}]");
                if (bin >= bins.Total) throw new InvalidDataException($"{where}.groups[{result.Count}][{i}]: bin {bin} outside the {bins.Total} bins");
                if (m > 0) machine.Add(new BinCount(bin, m));
                if (h > 0) human.Add(new BinCount(bin, h));
            }
            result.Add(new ScoreCalibrationGroup(machine, human));
        }
        return new ScoreHistograms(bins, result);
    }

    private static double Number(JsonObject node, string name, string where) =>
        Parse(node[name]) is { } x ? x : throw new InvalidDataException($"{where}.{name} is missing or not a number");

    private static int Integer(JsonNode? node, string where) =>
        Parse(node) is { } x && x >= 0 && x <= int.MaxValue && x == Math.Floor(x) ? (int)x
            : throw new InvalidDataException($"{where} is not a non-negative integer");

    // Through the JSON text, so a card read from a file and one built in memory read the same.
    private static double? Parse(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.Number
        && double.TryParse(v.ToJsonString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var x) && double.IsFinite(x) ? x : null;
}
