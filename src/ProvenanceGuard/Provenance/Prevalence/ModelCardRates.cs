using System.Globalization;
using System.Text.Json.Nodes;

namespace ProvenanceGuard.Provenance.Prevalence;

/// <summary>
/// A trained detector's TPR and FPR at its stored threshold, read from its model card's grouped cross-validation
/// (held-out, out-of-fold) measurements, with the numbers of machine and human texts they were measured on.
/// </summary>
/// <remarks>
/// A card may state the rates directly (<c>operating_point.tpr</c>, <c>fpr</c>, <c>tpr_n</c>, <c>fpr_n</c>). Cards of
/// <c>signature-lr</c> 1.0.0 do not, so the rates are derived from what they hold: the threshold was chosen as the
/// out-of-fold human score above which exactly floor(target_fpr · humans) texts lie, so FPR is that count over the
/// humans, and TPR at that same threshold is the card's <c>tpr_at_1pct_fpr</c> (or <c>tpr_at_5pct_fpr</c>).
/// </remarks>
public static class ModelCardRates
{
    public static DetectorErrorRates Read(JsonObject card, string modelPath)
    {
        var operatingPoint = card["operating_point"] as JsonObject
            ?? throw new InvalidDataException($"{modelPath}: the model card has no operating_point; its error rates at the threshold are unknown");
        if (Number(operatingPoint, "tpr") is { } statedTpr && Number(operatingPoint, "fpr") is { } statedFpr)
            return new DetectorErrorRates(statedTpr, statedFpr, Count(operatingPoint, "tpr_n"), Count(operatingPoint, "fpr_n")).Validated();

        var counts = card["counts"] as JsonObject;
        var machine = counts is null ? null : Count(counts, "machine");
        var human = counts is null ? null : Count(counts, "human");
        var targetFpr = Number(operatingPoint, "target_fpr");
        var overall = card["cross_validation"]?["overall"] as JsonObject;
        var tprField = targetFpr switch
        {
            0.01 => "tpr_at_1pct_fpr",
            0.05 => "tpr_at_5pct_fpr",
            _ => null,
        };
        if (machine is null || human is null || targetFpr is null || tprField is null || overall is null || Number(overall, tprField) is not { } tpr)
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"{modelPath}: the model card states neither operating_point.tpr/fpr nor cross-validated TPR at its target FPR ({targetFpr?.ToString() ?? "missing"}) with counts.machine/human; its error rates at the threshold are unknown"));
        var fpr = Math.Floor(targetFpr.Value * human.Value + 1e-9) / human.Value;
        return new DetectorErrorRates(tpr, fpr, machine, human).Validated();
    }

    /// <summary>
    /// The card's flagged counts per validation group at the threshold (<c>operating_point.groups</c>, written by
    /// <c>detect train</c> since signature-lr 2.0.0), or null for a card without them.
    /// </summary>
    public static IReadOnlyList<CalibrationGroup>? Groups(JsonObject card, string modelPath)
    {
        if (card["operating_point"]?["groups"] is not JsonArray groups) return null;
        var result = new List<CalibrationGroup>(groups.Count);
        foreach (var node in groups)
        {
            if (node is not JsonArray { Count: 4 } c || c.Any(v => v is not JsonValue))
                throw new InvalidDataException($"{modelPath}: operating_point.groups[{result.Count}] is not [machine, machine flagged, human, human flagged]");
            int At(int i) => c[i]!.GetValue<int>();
            if (At(0) < At(1) || At(2) < At(3) || c.Select((_, i) => At(i)).Any(v => v < 0))
                throw new InvalidDataException($"{modelPath}: operating_point.groups[{result.Count}] has more flagged texts than texts");
            result.Add(new CalibrationGroup(At(0), At(1), At(2), At(3)));
        }
        return result;
    }

    private static double? Number(JsonObject node, string name) =>
        node[name] is JsonValue value && value.GetValueKind() == System.Text.Json.JsonValueKind.Number
        && double.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number) ? number : null;

    private static int? Count(JsonObject node, string name) =>
        Number(node, name) is { } number && number >= 1 && number == Math.Floor(number) && number <= int.MaxValue ? (int)number : null;
}
