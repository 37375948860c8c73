using System.Text.Json;
using ProvenanceGuard.Detection;
using ProvenanceGuard.Detection.Baseline;
using ProvenanceGuard.Detection.Reference;
using ProvenanceGuard.Detection.Training;

namespace ProvenanceGuard.Pipeline;

/// <summary>
/// Builds the scorer a pipeline's detect step names (null when the pipeline has no detect step): the trained
/// signature detector (models/detector-default.json and the like, format provenanceguard-detector/1) or the
/// baseline unigram-surprisal model, told apart by the model file itself.
/// </summary>
public static class DetectorFactory
{
    public static IMachineTextScorer? Create(PipelineDefinition pipeline)
    {
        if (!pipeline.Steps.Any(s => s.Type == "detect")) return null;
        var modelPath = ProjectPaths.Require(pipeline.Detector.Model, "detector model");
        if (IsTrainedDetector(modelPath))
        {
            try
            {
                return DetectorModel.Load(modelPath, new DetectorLoadOptions(pipeline.Detector.ReferenceCorpus ?? ProjectPaths.Find(BrownCorpus.DefaultRelativePath)));
            }
            catch (DirectoryNotFoundException e)
            {
                throw new ConfigurationException(e.Message);
            }
        }
        var reference = UnigramReference.FromBrown(BrownCorpus.Open(pipeline.Detector.ReferenceCorpus));
        return UnigramSurprisalBaseline.Load(modelPath, reference);
    }

    /// <summary>
    /// The band of lengths the pipeline's trained detector was measured on (its card), or null: no detect step, the
    /// baseline, an older card, or (a merge of tasks that scored elsewhere) no model file here.
    /// </summary>
    public static TrainingLengths? TrainingLengths(PipelineDefinition pipeline)
    {
        if (!pipeline.Steps.Any(s => s.Type == "detect")) return null;
        return ProjectPaths.Find(pipeline.Detector.Model) is { } modelPath && IsTrainedDetector(modelPath)
            ? Detection.Training.TrainingLengths.FromCard(DetectorModel.Read(modelPath).Card)
            : null;
    }

    private static bool IsTrainedDetector(string modelPath)
    {
        try
        {
            using var stream = File.OpenRead(modelPath);
            using var document = JsonDocument.Parse(stream);
            return document.RootElement.TryGetProperty("format", out var format) && format.GetString() == DetectorModel.Format;
        }
        catch (JsonException e)
        {
            throw new ConfigurationException($"{modelPath}: not a detector model (invalid JSON: {e.Message})");
        }
    }
}
