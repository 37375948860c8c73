using System.Text.Json;
using ProvenanceGuard.Provenance.Watermark;
using ProvenanceGuard.Tests.Support;

namespace ProvenanceGuard.Tests.Provenance.Watermark;

public class WatermarkCommandTests
{
    [BrownFact]
    public void Detect_prints_z_and_p_per_record_and_counts_the_hits()
    {
        using var folder = new TempFolder();
        var marked = new GeneratedText(BrownGenerator.Model, BrownGenerator.Sampling, new Random(8), new WatermarkBias("K1", new WatermarkOptions()));
        var lines = new[] { marked.Next(300), BrownGenerator.HumanPassages[0], marked.Next(300) }
            .Select((t, i) => JsonSerializer.Serialize(new { id = $"r{i}", text = t }));
        var file = folder.Write("texts.jsonl", string.Join("\n", lines) + "\n");

        var run = CliProcess.Run(folder.Path, "watermark", "detect", "--key", "K1", "--data", file, "--json");

        Assert.Equal(0, run.ExitCode);
        var summary = JsonDocument.Parse(run.Stdout).RootElement;
        Assert.Equal(3, summary.GetProperty("records").GetInt32());
        Assert.Equal(2, summary.GetProperty("hits").GetInt32());
        var scores = summary.GetProperty("scores").EnumerateArray().ToList();
        Assert.Equal(["r0", "r1", "r2"], scores.Select(s => s.GetProperty("id").GetString()));
        Assert.Equal([true, false, true], scores.Select(s => s.GetProperty("hit").GetBoolean()));
        Assert.True(scores[0].GetProperty("z").GetDouble() >= 4 && scores[0].GetProperty("p").GetDouble() < 1e-4);
    }

    [Fact]
    public void Detect_can_score_over_a_user_supplied_bpe_rank_file()
    {
        using var folder = new TempFolder();
        var ranks = folder.Write("tiny.tiktoken", string.Join("\n", Enumerable.Range(0, 256).Select(b => $"{Convert.ToBase64String([(byte)b])} {b}")) + "\n");
        var file = folder.Write("texts.jsonl", "{\"text\": \"abc\"}\n");

        var run = CliProcess.Run(folder.Path, "watermark", "detect", "--key", "K1", "--data", file, "--bpe-ranks", ranks, "--json");

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(3, JsonDocument.Parse(run.Stdout).RootElement.GetProperty("scores")[0].GetProperty("tokens").GetInt32());
    }

    [Fact]
    public void A_bad_line_is_reported_with_file_and_line_and_the_rest_is_still_checked()
    {
        using var folder = new TempFolder();
        var file = folder.Write("bad.jsonl", "{\"text\": \"fine words here\"}\n{\"body\": 1}\n{\"text\": broken\n{\"text\": \"more words\"}\n");

        var run = CliProcess.Run(folder.Path, "watermark", "detect", "--key", "K1", "--data", file);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("bad.jsonl:2", run.Stderr);
        Assert.Contains("bad.jsonl:3", run.Stderr);
        Assert.Contains("of 2 records", run.Stdout);
        Assert.Contains("2 lines skipped", run.Stdout);
    }
}
