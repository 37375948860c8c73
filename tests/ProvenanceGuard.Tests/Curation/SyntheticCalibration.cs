using System.Globalization;
using System.Text.Json.Nodes;
using ProvenanceGuard.Provenance.Prevalence;

namespace ProvenanceGuard.Tests.Curation;

/// <summary>
/// A detector whose LLRs are known: human texts score Normal(-3, 1.5), machine texts Normal(2.5, 2). Writes a model card
/// with out-of-fold histograms of calibration groups drawn from those densities, and draws scored texts from them.
/// </summary>
internal static class SyntheticCalibration
{
    public static double HumanLlr(Random random) => -3 + 1.5 * Normal(random);
    public static double MachineLlr(Random random) => 2.5 + 2 * Normal(random);

    /// <summary>
    /// A card with <paramref name="groups"/> calibration groups of 12 machine and 12 human texts each; a lower
    /// <paramref name="machineShift"/> makes a weaker detector whose machine texts score closer to human ones.
    /// </summary>
    public static string WriteCard(string folder, int groups = 40, int seed = 5, double machineShift = 0, string name = "synthetic-card.json")
    {
        var random = new Random(seed);
        var bins = LlrBins.Default;
        var groupNodes = new JsonArray();
        for (var g = 0; g < groups; g++)
        {
            var counts = new SortedDictionary<int, (int Machine, int Human)>();
            for (var i = 0; i < 12; i++)
            {
                var m = bins.Index(MachineLlr(random) + machineShift);
                counts[m] = (counts.GetValueOrDefault(m).Machine + 1, counts.GetValueOrDefault(m).Human);
                var h = bins.Index(HumanLlr(random));
                counts[h] = (counts.GetValueOrDefault(h).Machine, counts.GetValueOrDefault(h).Human + 1);
            }
            var flat = new JsonArray();
            foreach (var (bin, (machine, human)) in counts) { flat.Add(bin); flat.Add(machine); flat.Add(human); }
            groupNodes.Add(flat);
        }
        var card = new JsonObject
        {
            ["operating_point"] = new JsonObject
            {
                ["score_histograms"] = new JsonObject
                {
                    ["llr_low"] = bins.Low, ["bin_width"] = bins.Width, ["bins"] = bins.Count, ["groups"] = groupNodes,
                },
            },
        };
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, card.ToJsonString());
        return path;
    }

    public static double PMachine(double llr) => 1 / (1 + Math.Exp(-llr));

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    public static string F(double x) => x.ToString("0.####", CultureInfo.InvariantCulture);
}
