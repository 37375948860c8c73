using System.Buffers;
using System.Text.Json;
using ProvenanceGuard.Curation.Shards;
using ProvenanceGuard.Ingestion;
using ProvenanceGuard.Pipeline;
using ProvenanceGuard.Records;
using ProvenanceGuard.Tests.Support;

namespace ProvenanceGuard.Tests.Pipeline;

/// <summary>A tagger that keeps texts in slabs produces the same records, byte for byte once written, as one that keeps strings.</summary>
public class RecordTaggerTextTests
{
    [Fact]
    public void Records_with_slab_held_texts_write_the_same_JSON_as_records_with_string_texts()
    {
        using var temp = new TempFolder();
        var random = new Random(7);
        var words = new[] { "the", "café", "\\\"quoted\\\"", "back\\\\slash", "tab\\t", "漢字", "😀", "line\\nbreak", "  spaces  " };
        var lines = Enumerable.Range(0, 300).Select(i =>
            $$"""{"id":"r{{i}}","text":"{{string.Join(' ', Enumerable.Range(0, random.Next(1, 120)).Select(_ => words[random.Next(words.Length)]))}}"}""");
        File.WriteAllText(temp.File("in.jsonl"), string.Join("\n", lines) + "\n{broken\n{\"id\":\"empty\",\"text\":\"  \"}\n");

        var fromStrings = Tag(temp.File("in.jsonl"), slabs: null);
        var fromSlabs = Tag(temp.File("in.jsonl"), new TextSlabPool(slabBytes: 512));

        Assert.Equal(302, fromSlabs.Count);
        Assert.Equal(fromStrings.Select(r => r.Json), fromSlabs.Select(r => r.Json));
        Assert.Equal(fromStrings.Select(r => r.TextLength), fromSlabs.Select(r => r.TextLength));
        Assert.Equal(300, fromSlabs.Count(r => r.HeldAsUtf8));
        Assert.DoesNotContain(fromStrings, r => r.HeldAsUtf8);
    }

    private static List<(string Json, int TextLength, bool HeldAsUtf8)> Tag(string path, TextSlabPool? slabs)
    {
        var pipeline = new PipelineDefinition
        {
            Sources = [new SourceDefinition { Name = "test", Path = path }],
            Steps = [new StepDefinition { Type = "normalize" }],
        };
        var inputs = InputPlanner.Inputs(pipeline);
        var tagger = new RecordTagger(pipeline, inputs, null, StageDescriptors.For(pipeline, "none", "0", ""), slabs);
        var reader = new SplitReader(pipeline.Limits, batchUnits: 17);
        var written = new List<(string, int, bool)>();
        foreach (var batch in InputPlanner.Splits(inputs, 64 << 20).SelectMany(split => reader.Read(split)))
        {
            foreach (var record in tagger.Tag(batch))
            {
                var buffer = new ArrayBufferWriter<byte>();
                using (var json = new Utf8JsonWriter(buffer, RecordJson.WriterOptions)) RecordJson.Write(json, record);
                written.Add((System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan), record.TextLength, record.TryGetUtf8Text(out _)));
                record.ReleaseText();
            }
            SplitReader.Release(batch);
        }
        return written;
    }
}
