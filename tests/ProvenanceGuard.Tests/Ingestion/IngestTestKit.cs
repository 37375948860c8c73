using ProvenanceGuard.Ingestion;
using ProvenanceGuard.Pipeline;

namespace ProvenanceGuard.Tests.Ingestion;

/// <summary>Reads a file the way a run does (planner, split reader, tagger without a detector) and returns the records.</summary>
internal static class IngestTestKit
{
    public static List<ProvenanceGuard.Records.Record> ReadAll(string path, IngestLimits? limits = null, string? format = null, string textField = "text",
        string? idField = "id", long splitBytes = 64 << 20, ProvenanceGuard.Ingestion.Http.HttpSourceOptions? http = null)
    {
        var pipeline = new PipelineDefinition
        {
            Sources = [new SourceDefinition { Name = "test", Path = path, Format = format, TextField = textField, IdField = idField }],
            Steps = [new StepDefinition { Type = "normalize" }],
            Limits = limits ?? new IngestLimits(),
            Http = http ?? new ProvenanceGuard.Ingestion.Http.HttpSourceOptions(),
        };
        var inputs = InputPlanner.Inputs(pipeline);
        var stages = StageDescriptors.For(pipeline, "none", "0", "");
        var tagger = new RecordTagger(pipeline, inputs, null, stages);
        var reader = new SplitReader(pipeline.Limits, batchUnits: 7);
        return InputPlanner.Splits(inputs, splitBytes)
            .SelectMany(split => reader.Read(split))
            .SelectMany(batch =>
            {
                var records = tagger.Tag(batch);
                SplitReader.Release(batch);
                return records;
            })
            .ToList();
    }
}
