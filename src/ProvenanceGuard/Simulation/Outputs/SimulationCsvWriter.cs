using System.Globalization;
using System.Text;

namespace ProvenanceGuard.Simulation.Outputs;

/// <summary>Writes the per-generation summary as CSV: one row per generation, one column per summary value.</summary>
public static class SimulationCsvWriter
{
    public static void Write(SimulationSummary summary, TextWriter writer)
    {
        var columns = summary.ColumnNames;
        writer.Write("generation");
        foreach (var c in columns) writer.Write("," + c);
        writer.Write('\n');
        var line = new StringBuilder();
        foreach (var g in summary.Generations)
        {
            line.Clear();
            line.Append(g.Generation.ToString(CultureInfo.InvariantCulture));
            foreach (var (_, value) in g.Columns)
            {
                line.Append(',');
                if (double.IsFinite(value)) line.Append(value.ToString("R", CultureInfo.InvariantCulture));
                else if (double.IsNaN(value)) line.Append("NaN");
                else line.Append(value > 0 ? "Infinity" : "-Infinity");
            }
            line.Append('\n');
            writer.Write(line);
        }
    }

    public static void Write(SimulationSummary summary, string path)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        Write(summary, writer);
    }
}
