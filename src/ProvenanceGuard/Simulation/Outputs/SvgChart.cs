using System.Globalization;
using System.Net;
using System.Text;

namespace ProvenanceGuard.Simulation.Outputs;

/// <summary>
/// A self-contained SVG line chart of one metric over generations: the q05–q95 band shaded,
/// the median as a solid line and the mean dashed. No plotting package needed.
/// </summary>
public static class SvgChart
{
    private const int Width = 640, Height = 360, Left = 70, Right = 20, Top = 40, Bottom = 50;

    public static string Render(SimulationSummary summary, string metric, string title)
    {
        var gens = summary.Generations;
        double[] Series(string prefix) => gens.Select(g => g.Get(prefix + "_" + metric) ?? double.NaN).ToArray();
        var median = Series("median");
        var mean = Series("mean");
        var q05 = Series("q05");
        var q95 = Series("q95");

        var all = median.Concat(mean).Concat(q05).Concat(q95).Where(double.IsFinite).ToArray();
        double yMin = all.Length > 0 ? all.Min() : 0, yMax = all.Length > 0 ? all.Max() : 1;
        if (yMax - yMin < 1e-12) { yMin -= 0.5; yMax += 0.5; }
        var pad = (yMax - yMin) * 0.05;
        yMin -= pad;
        yMax += pad;
        var xMax = Math.Max(1, gens.Count - 1);

        double X(int g) => Left + (Width - Left - Right) * (double)g / xMax;
        double Y(double v) => Top + (Height - Top - Bottom) * (1 - (v - yMin) / (yMax - yMin));
        static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

        var svg = new StringBuilder();
        svg.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.Append($"<rect width=\"{Width}\" height=\"{Height}\" fill=\"white\"/>\n");
        svg.Append($"<text x=\"{Width / 2}\" y=\"22\" text-anchor=\"middle\" font-size=\"14\">{WebUtility.HtmlEncode(title)}</text>\n");

        // Axes and ticks.
        svg.Append($"<line x1=\"{Left}\" y1=\"{Height - Bottom}\" x2=\"{Width - Right}\" y2=\"{Height - Bottom}\" stroke=\"black\"/>\n");
        svg.Append($"<line x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{Height - Bottom}\" stroke=\"black\"/>\n");
        for (var i = 0; i <= 4; i++)
        {
            var v = yMin + (yMax - yMin) * i / 4;
            var y = Y(v);
            svg.Append($"<line x1=\"{Left - 4}\" y1=\"{F(y)}\" x2=\"{Width - Right}\" y2=\"{F(y)}\" stroke=\"#ddd\"/>\n");
            svg.Append($"<text x=\"{Left - 6}\" y=\"{F(y + 4)}\" text-anchor=\"end\">{Label(v)}</text>\n");
            var g = (int)Math.Round((double)xMax * i / 4);
            svg.Append($"<text x=\"{F(X(g))}\" y=\"{Height - Bottom + 16}\" text-anchor=\"middle\">{g}</text>\n");
        }
        svg.Append($"<text x=\"{(Left + Width - Right) / 2}\" y=\"{Height - 10}\" text-anchor=\"middle\">generation</text>\n");

        // Band: q95 left to right, then q05 back.
        var band = new StringBuilder();
        for (var g = 0; g < gens.Count; g++)
            if (double.IsFinite(q95[g])) band.Append($"{F(X(g))},{F(Y(q95[g]))} ");
        for (var g = gens.Count - 1; g >= 0; g--)
            if (double.IsFinite(q05[g])) band.Append($"{F(X(g))},{F(Y(q05[g]))} ");
        svg.Append($"<polygon points=\"{band.ToString().TrimEnd()}\" fill=\"#4a7bd0\" fill-opacity=\"0.2\" stroke=\"none\"/>\n");
        svg.Append(Polyline(median, X, Y, "#1f4e9c", ""));
        svg.Append(Polyline(mean, X, Y, "#c0392b", " stroke-dasharray=\"6 4\""));

        // Legend.
        svg.Append($"<rect x=\"{Width - 190}\" y=\"{Top}\" width=\"14\" height=\"10\" fill=\"#4a7bd0\" fill-opacity=\"0.2\"/><text x=\"{Width - 170}\" y=\"{Top + 9}\">5–95% of chains</text>\n");
        svg.Append($"<line x1=\"{Width - 190}\" y1=\"{Top + 22}\" x2=\"{Width - 176}\" y2=\"{Top + 22}\" stroke=\"#1f4e9c\" stroke-width=\"2\"/><text x=\"{Width - 170}\" y=\"{Top + 26}\">median</text>\n");
        svg.Append($"<line x1=\"{Width - 190}\" y1=\"{Top + 39}\" x2=\"{Width - 176}\" y2=\"{Top + 39}\" stroke=\"#c0392b\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/><text x=\"{Width - 170}\" y=\"{Top + 43}\">mean</text>\n");
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static string Polyline(double[] values, Func<int, double> x, Func<double, double> y, string colour, string extra)
    {
        var points = new StringBuilder();
        for (var g = 0; g < values.Length; g++)
            if (double.IsFinite(values[g]))
                points.Append(string.Create(CultureInfo.InvariantCulture, $"{x(g):0.##},{y(values[g]):0.##} "));
        return $"<polyline points=\"{points.ToString().TrimEnd()}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\"{extra}/>\n";
    }

    private static string Label(double v) =>
        Math.Abs(v) >= 1e4 || (Math.Abs(v) < 1e-3 && v != 0)
            ? v.ToString("0.##E+0", CultureInfo.InvariantCulture)
            : v.ToString("0.###", CultureInfo.InvariantCulture);
}
