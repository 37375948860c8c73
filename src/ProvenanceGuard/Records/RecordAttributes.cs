namespace ProvenanceGuard.Records;

/// <summary>What taggers learned about a record. Deciders read these; taggers never delete.</summary>
public sealed class RecordAttributes
{
    /// <summary>The detector's probability that the text is machine-generated; null until scored.</summary>
    public double? PMachine { get; set; }
    /// <summary>The detector's log-likelihood ratio (machine vs human); null until scored.</summary>
    public double? LogLikelihoodRatio { get; set; }
    /// <summary>The detector that produced the score, as name@version.</summary>
    public string? Detector { get; set; }
    /// <summary>True when the text was too short for the detector to judge (no score then).</summary>
    public bool TooShortToJudge { get; set; }
    /// <summary>P(synthetic) fused from all the record's evidence (prior, dates, declarations, watermark, detector); null unless the pipeline fuses.</summary>
    public double? PSynthetic { get; set; }

    /// <summary>The text's MinHash sketch when the tagger took it (one-task runs that find near duplicates); not written out.</summary>
    public Curation.NearDuplicates.NearDuplicateSketch? NearDuplicateSketch { get; set; }

    /// <summary>What deciders judge a record by: the fused P(synthetic) when the pipeline fuses evidence, else the detector's P(machine).</summary>
    public double? SyntheticProbability => PSynthetic ?? PMachine;
}
