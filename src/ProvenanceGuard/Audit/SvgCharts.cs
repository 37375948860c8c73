using System.Globalization;
using System.Net;
using System.Text;

namespace ProvenanceGuard.Audit;

/// <summary>One bar: its label, value, and optionally an interval drawn as a whisker.</summary>
public sealed record Bar(string Label, double Value, double? Low = null, double? High = null);

/// <summary>Small self-contained SVG bar charts for the audit report (no plotting package is served here).</summary>
public static class SvgCharts
{
    private const int Height = 260, Left = 60, Right = 20, Top = 36, Bottom = 70;

    /// <param name="referenceLine">A horizontal line (e.g. the quota) with its label.</param>
    public static string Bars(string title, IReadOnlyList<Bar> bars, string valueFormat = "0.##", (double Value, string Label)? referenceLine = null,
        string cssClass = "chart")
    {
        var width = Math.Max(360, Left + Right + bars.Count * 28);
        var max = bars.Select(b => Math.Max(b.Value, b.High ?? b.Value)).Append(referenceLine?.Value ?? 0).DefaultIfEmpty(0).Max();
        if (max <= 0) max = 1;
        max *= 1.1;
        var plotWidth = width - Left - Right;
        var slot = bars.Count == 0 ? plotWidth : (double)plotWidth / bars.Count;
        double Y(double v) => Top + (Height - Top - Bottom) * (1 - v / max);

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture,
            $"<svg class=\"{cssClass}\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{Height}\" viewBox=\"0 0 {width} {Height}\" role=\"img\" aria-label=\"{E(title)}\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title>{E(title)}</title>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{width / 2}\" y=\"20\" text-anchor=\"middle\" class=\"chart-title\">{E(title)}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{Y(0):0.#}\" x2=\"{width - Right}\" y2=\"{Y(0):0.#}\" stroke=\"#444\"/>");
        for (var tick = 0; tick <= 4; tick++)
        {
            var value = max / 1.1 * tick / 4;
            svg.Append(CultureInfo.InvariantCulture,
                $"<text x=\"{Left - 6}\" y=\"{Y(value) + 4:0.#}\" text-anchor=\"end\" class=\"tick\">{value.ToString(valueFormat, CultureInfo.InvariantCulture)}</text>");
        }
        for (var i = 0; i < bars.Count; i++)
        {
            var bar = bars[i];
            var x = Left + i * slot + slot * 0.15;
            var w = Math.Max(1, slot * 0.7);
            svg.Append(CultureInfo.InvariantCulture,
                $"<rect class=\"bar\" x=\"{x:0.#}\" y=\"{Y(bar.Value):0.#}\" width=\"{w:0.#}\" height=\"{Y(0) - Y(bar.Value):0.#}\" fill=\"#4e79a7\"><title>{E(bar.Label)}: {bar.Value.ToString(valueFormat, CultureInfo.InvariantCulture)}</title></rect>");
            if (bar.Low is { } low && bar.High is { } high)
            {
                var cx = x + w / 2;
                svg.Append(CultureInfo.InvariantCulture,
                    $"<line class=\"interval\" x1=\"{cx:0.#}\" y1=\"{Y(low):0.#}\" x2=\"{cx:0.#}\" y2=\"{Y(high):0.#}\" stroke=\"#222\"/>");
            }
            if (bars.Count <= 40)
                svg.Append(CultureInfo.InvariantCulture,
                    $"<text x=\"{x + w / 2:0.#}\" y=\"{Height - Bottom + 14}\" text-anchor=\"end\" transform=\"rotate(-40 {x + w / 2:0.#} {Height - Bottom + 14})\" class=\"tick\">{E(bar.Label)}</text>");
        }
        if (referenceLine is { } line)
        {
            svg.Append(CultureInfo.InvariantCulture,
                $"<line class=\"reference\" x1=\"{Left}\" y1=\"{Y(line.Value):0.#}\" x2=\"{width - Right}\" y2=\"{Y(line.Value):0.#}\" stroke=\"#e15759\" stroke-dasharray=\"6 4\"/>");
            svg.Append(CultureInfo.InvariantCulture,
                $"<text x=\"{width - Right}\" y=\"{Y(line.Value) - 4:0.#}\" text-anchor=\"end\" fill=\"#e15759\" class=\"tick\">{E(line.Label)}</text>");
        }
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
