namespace ProvenanceGuard.Simulation.Outputs;

/// <summary>Writes a run's files into one folder: generations.csv, summary.json and one SVG chart per metric.</summary>
public static class SimulationOutputWriter
{
    public const string CsvFileName = "generations.csv";
    public const string JsonFileName = "summary.json";

    /// <summary>Writes all outputs and returns the paths written.</summary>
    public static IReadOnlyList<string> WriteAll(SimulationReport report, string directory)
    {
        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SimulationInputException($"{directory}: cannot create output folder: {e.Message}");
        }
        var written = new List<string>();
        var csv = Path.Combine(directory, CsvFileName);
        SimulationCsvWriter.Write(report.Summary, csv);
        written.Add(csv);
        var json = Path.Combine(directory, JsonFileName);
        SimulationJsonWriter.Write(report, json);
        written.Add(json);
        foreach (var metric in report.Summary.PublicMetrics)
        {
            var path = Path.Combine(directory, metric + ".svg");
            var title = $"{report.Run.Model.Name} / {report.Run.Loop.Name}: {metric} ({report.Run.Chains} chains)";
            File.WriteAllText(path, SvgChart.Render(report.Summary, metric, title));
            written.Add(path);
        }
        return written;
    }
}
