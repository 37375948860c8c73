using System.IO.Compression;
using System.Text;
using System.Text.Json;
using ProvenanceGuard.Tests.Support;

namespace ProvenanceGuard.Tests.Provenance.Prevalence;

public class PrevalenceCommandTests
{
    /// <summary>Scored lines from two sources with known synthetic shares, flagged by a detector with TPR 0.9 and FPR 0.05.</summary>
    private static List<string> ScoredLines(int perSource)
    {
        var random = new Random(21);
        var lines = new List<string>();
        foreach (var (source, share) in new[] { ("forum", 0.2), ("news", 0.5) })
            for (var i = 0; i < perSource; i++)
            {
                var synthetic = i < share * perSource;
                var flagged = random.NextDouble() < (synthetic ? 0.9 : 0.05);
                var p = flagged ? 0.5 + random.NextDouble() / 2 : random.NextDouble() / 2.01;
                lines.Add(JsonSerializer.Serialize(new { id = $"{source}-{i}", source, p_machine = p }));
            }
        return lines;
    }

    [Fact]
    public void Prints_the_corrected_share_and_interval_overall_and_per_group()
    {
        using var folder = new TempFolder();
        var lines = ScoredLines(2000);
        var plain = folder.Write("part-1.jsonl", string.Join("\n", lines.Take(2500)) + "\n{\"id\": \"rejected-1\"}\n");
        var gz = folder.File("part-2.jsonl.gz");
        using (var stream = new GZipStream(File.Create(gz), CompressionLevel.Fastest))
            stream.Write(Encoding.UTF8.GetBytes(string.Join("\n", lines.Skip(2500)) + "\n"));

        var run = CliProcess.Run(folder.Path, "prevalence", "--tpr", "0.9", "--fpr", "0.05", "--tpr-n", "2000", "--fpr-n", "2000",
            "--data", plain, gz, "--group-by", "source", "--json");

        Assert.True(run.ExitCode == 0, run.Stderr);
        var result = JsonDocument.Parse(run.Stdout).RootElement;
        var overall = result.GetProperty("overall");
        Assert.Equal(4000, overall.GetProperty("n").GetInt32());
        Assert.Equal(1, result.GetProperty("unscored").GetInt32());
        AssertCovers(overall, 0.35);
        AssertCovers(result.GetProperty("groups").GetProperty("forum"), 0.2);
        AssertCovers(result.GetProperty("groups").GetProperty("news"), 0.5);
    }

    [Fact]
    public void A_score_that_is_not_a_number_is_a_data_error_naming_file_and_line()
    {
        using var folder = new TempFolder();
        var file = folder.Write("bad.jsonl", "{\"p_machine\": 0.7}\n{\"p_machine\": \"high\"}\n");
        var run = CliProcess.Run(folder.Path, "prevalence", "--tpr", "0.9", "--fpr", "0.05", "--data", file);
        Assert.Equal(3, run.ExitCode);
        Assert.Contains("bad.jsonl:2", run.Stderr);
    }

    [Fact]
    public void A_detector_no_better_than_chance_is_a_usage_error()
    {
        using var folder = new TempFolder();
        var file = folder.Write("ok.jsonl", "{\"p_machine\": 0.7}\n");
        var run = CliProcess.Run(folder.Path, "prevalence", "--tpr", "0.3", "--fpr", "0.3", "--data", file);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("must exceed FPR", run.Stderr);
    }

    private static void AssertCovers(JsonElement estimate, double truth)
    {
        var (low, share, high) = (estimate.GetProperty("ci_low").GetDouble(), estimate.GetProperty("share").GetDouble(), estimate.GetProperty("ci_high").GetDouble());
        Assert.True(low <= truth && truth <= high && low <= share && share <= high, $"truth {truth}: share {share} in [{low}, {high}]");
        Assert.True(high - low < 0.1, $"interval [{low}, {high}] is too wide to be useful");
    }
}
