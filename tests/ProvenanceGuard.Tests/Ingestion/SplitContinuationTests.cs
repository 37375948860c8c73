using System.Text;
using ProvenanceGuard.Ingestion;
using ProvenanceGuard.Pipeline;
using ProvenanceGuard.Tests.Support;

namespace ProvenanceGuard.Tests.Ingestion;

/// <summary>
/// A reader that reads a plain JSONL file's splits in order starts each split where the previous one stopped instead of
/// counting lines from the file's start; either way every record is read exactly once with the same line and offset.
/// </summary>
public class SplitContinuationTests
{
    private static string Corpus(TempFolder temp)
    {
        var random = new Random(11);
        var text = new StringBuilder();
        for (var i = 0; i < 500; i++)
        {
            text.Append($"{{\"id\": \"r{i}\", \"text\": \"{TestCorpus.Text(random, random.Next(1, i % 17 == 0 ? 300 : 30))}\"}}\n");
            if (i % 23 == 4) text.Append("\n   \n{\"id\": \"broken\", \"text\": \n");
            if (i % 31 == 9) text.Append("{\"id\": \"crlf" + i + "\", \"text\": \"windows line\"}\r\n");
        }
        return temp.Write("a.jsonl", text.ToString());
    }

    /// <summary>What identifies a record and where it came from.</summary>
    private static List<string> Read(string path, long splitBytes, Func<IReadOnlyList<InputSplit>, IEnumerable<InputSplit>> order)
    {
        var pipeline = new PipelineDefinition { Sources = [new SourceDefinition { Name = "test", Path = path }], Steps = [new StepDefinition { Type = "normalize" }] };
        var inputs = InputPlanner.Inputs(pipeline);
        var tagger = new RecordTagger(pipeline, inputs, null, StageDescriptors.For(pipeline, "none", "0", ""));
        var splits = InputPlanner.Splits(inputs, splitBytes);
        var reader = new SplitReader(pipeline.Limits, batchUnits: 5);
        return order(splits)
            .SelectMany(split => reader.Read(split).SelectMany(batch =>
            {
                var records = tagger.Tag(batch);
                SplitReader.Release(batch);
                return records;
            }))
            .Select(r => $"{r.Id}|{r.Origin.Line}|{r.Origin.ByteOffset}|{r.Disposition?.Reason}|{r.Text}")
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    [Theory]
    [InlineData(64)]
    [InlineData(700)]
    [InlineData(5000)]
    public void Splits_read_in_order_give_the_records_of_one_whole_file_read(long splitBytes)
    {
        using var temp = new TempFolder();
        var path = Corpus(temp);
        var whole = Read(path, 64L << 20, splits => splits);
        Assert.True(whole.Count > 500);

        Assert.Equal(whole, Read(path, splitBytes, splits => splits));
        Assert.Equal(whole, Read(path, splitBytes, splits => splits.Reverse())); // each split counts its lines from the file's start
        // As the three tasks of a --world 3 run read them, one after another: each counts lines only across its gaps.
        Assert.Equal(whole, Read(path, splitBytes, splits => Enumerable.Range(0, 3).SelectMany(rank => splits.Where(s => s.Index % 3 == rank))));
    }
}
