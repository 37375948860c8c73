using ProvenanceGuard.Detection;
using ProvenanceGuard.Detection.Baseline;
using ProvenanceGuard.Detection.Reference;

namespace ProvenanceGuard.Pipeline;

/// <summary>Builds the scorer a pipeline's detect step names (null when the pipeline has no detect step).</summary>
public static class DetectorFactory
{
    public static IMachineTextScorer? Create(PipelineDefinition pipeline)
    {
        if (!pipeline.Steps.Any(s => s.Type == "detect")) return null;
        var modelPath = ProjectPaths.Require(pipeline.Detector.Model, "detector model");
        var reference = UnigramReference.FromBrown(BrownCorpus.Open(pipeline.Detector.ReferenceCorpus));
        return UnigramSurprisalBaseline.Load(modelPath, reference);
    }
}
