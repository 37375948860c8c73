using System.Text;

namespace ProvenanceGuard.Simulation;

/// <summary>
/// A verdict threshold's name decoded: <c>tailMassKeptMin</c> → the median of metric
/// <c>tail_mass_kept</c> must be ≥ the limit; <c>meanSigma2Max</c> → <c>mean_sigma2</c> ≤ limit.
/// A leading median/mean/q05/q95/pooled picks that summary; without one the median is used,
/// because means over chains are dominated by rare chains.
/// </summary>
public readonly record struct ThresholdName(string Name, string SummaryColumn, bool IsMinimum)
{
    private static readonly string[] Summaries = ["median", "mean", "q05", "q95", "pooled"];

    public static bool TryParse(string name, out ThresholdName parsed)
    {
        parsed = default;
        bool isMin;
        string stem;
        if (name.EndsWith("Min", StringComparison.Ordinal)) { isMin = true; stem = name[..^3]; }
        else if (name.EndsWith("Max", StringComparison.Ordinal)) { isMin = false; stem = name[..^3]; }
        else return false;
        if (stem.Length == 0) return false;

        var snake = ToSnake(stem);
        var prefixed = Summaries.Any(s => snake.StartsWith(s + "_", StringComparison.Ordinal));
        parsed = new ThresholdName(name, prefixed ? snake : "median_" + snake, isMin);
        return true;
    }

    // sigma2Ratio → sigma2_ratio: digits stay glued to the word before them.
    private static string ToSnake(string camel)
    {
        var sb = new StringBuilder(camel.Length + 8);
        for (var i = 0; i < camel.Length; i++)
        {
            var c = camel[i];
            if (char.IsUpper(c))
            {
                if (i > 0) sb.Append('_');
                sb.Append(char.ToLowerInvariant(c));
            }
            else sb.Append(c);
        }
        return sb.ToString();
    }
}
