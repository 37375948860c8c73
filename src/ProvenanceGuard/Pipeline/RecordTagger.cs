using System.Buffers;
using System.Globalization;
using System.Text;
using ProvenanceGuard.Detection;
using ProvenanceGuard.Ingestion;
using ProvenanceGuard.Ingestion.Readers;
using ProvenanceGuard.Provenance.Fusion;
using ProvenanceGuard.Provenance.Watermark;
using ProvenanceGuard.Records;

namespace ProvenanceGuard.Pipeline;

/// <summary>
/// The tagging half of the pipeline, run on worker threads: turns a batch of source units into records
/// (parse, normalize, hash) and adds the detector's attributes and, when the pipeline fuses evidence, the fused
/// P(synthetic) with its evidence in lineage. It never drops a record: a unit that cannot become a record leaves as a
/// rejected one.
/// </summary>
public sealed class RecordTagger
{
    private readonly IMachineTextScorer? _scorer;
    private readonly bool _normalize;
    private readonly StageDescriptors _stages;
    private readonly EvidenceFusion? _fusion;
    private readonly WatermarkDetector? _watermark;
    private readonly string _generatedByField = "generated_by";
    private readonly Dictionary<int, (byte[] TextField, byte[] IdField, string Source, string Path)> _fields = new();

    public RecordTagger(PipelineDefinition pipeline, IReadOnlyList<InputFile> inputs, IMachineTextScorer? scorer, StageDescriptors stages)
    {
        _scorer = pipeline.Steps.Any(s => s.Type == "detect") ? scorer : null;
        _normalize = pipeline.Steps.Any(s => s.Type == "normalize");
        _stages = stages;
        if (pipeline.Fusion is { } fusion)
        {
            _fusion = new EvidenceFusion(fusion.ToOptions());
            _generatedByField = fusion.GeneratedByField;
            if (fusion.Watermark is { } watermark) _watermark = new WatermarkDetector(watermark.Key, watermark.ToOptions());
        }
        foreach (var input in inputs)
            _fields[input.Index] = (Encoding.UTF8.GetBytes(input.TextField), Encoding.UTF8.GetBytes(input.IdField ?? ""), input.Source,
                input.Path);
    }

    public Record[] Tag(SourceBatch batch)
    {
        var records = new Record[batch.Units.Count];
        var metadata = new ArrayBufferWriter<byte>(256);
        for (var i = 0; i < records.Length; i++)
            records[i] = Tag(batch, batch.Units[i], metadata);
        return records;
    }

    private Record Tag(SourceBatch batch, SourceUnit unit, ArrayBufferWriter<byte> metadata)
    {
        var fields = _fields[batch.Split.File.Index];
        var id = unit.Id;
        var text = unit.Text;
        var meta = unit.MetadataJson;
        string? reason = unit.Reason, message = unit.Message;

        if (unit.Kind == SourceUnitKind.JsonLine)
        {
            var parsed = JsonLineParser.Parse(batch.Bytes.AsSpan(unit.Start, unit.Length), fields.TextField, fields.IdField, metadata);
            id = parsed.Id;
            text = parsed.Text;
            meta = parsed.MetadataJson;
            reason = parsed.RejectReason;
            if (reason is not null)
            {
                message = $"{fields.Path}:{unit.Origin.Line}: {parsed.RejectMessage}";
                text = SplitReader.Lossy(batch.Bytes.AsSpan(unit.Start, Math.Min(unit.Length, 4096)));
            }
        }

        id ??= $"{unit.Origin.File}:{unit.Origin.Line.ToString(CultureInfo.InvariantCulture)}";
        var beforeNormalization = text;
        if (reason is null && _normalize) text = TextNormalizer.Normalize(text!);
        if (reason is null && string.IsNullOrWhiteSpace(text))
        {
            reason = RejectReason.EmptyText;
            message = $"{fields.Path}:{unit.Origin.Line}: the text is empty";
        }

        var record = new Record
        {
            Id = id,
            Text = text ?? "",
            Source = fields.Source,
            ContentSha256 = ContentHash.Of(text ?? ""),
            Origin = unit.Origin,
            MetadataJson = meta,
            Sequence = unit.Sequence,
        };
        if (reason is not null)
        {
            record.Lineage.Add(_stages.Ingest.Event("rejected:" + reason));
            record.Disposition = Disposition.RejectedFor(reason);
            record.RejectMessage = message;
            return record;
        }

        record.Lineage.Add(_stages.Ingest.Event("read"));
        if (_normalize) record.Lineage.Add(_stages.Normalize.Event(ReferenceEquals(text, beforeNormalization) ? "unchanged" : "normalized"));
        if (_scorer is not null)
        {
            var score = _scorer.Score(record.Text);
            record.Attributes.Detector = _stages.Detect.Version;
            if (score.TooShort)
            {
                record.Attributes.TooShortToJudge = true;
                record.Lineage.Add(_stages.Detect.Event("too_short_to_judge"));
            }
            else
            {
                record.Attributes.PMachine = score.PMachine;
                record.Attributes.LogLikelihoodRatio = score.LogLikelihoodRatio;
                record.Lineage.Add(_stages.Detect.Event("p_machine=" + score.PMachine.ToString("0.####", CultureInfo.InvariantCulture)));
            }
        }
        if (_fusion is not null) Fuse(record);
        return record;
    }

    /// <summary>Fuses the record's evidence (after the detector, whose log-likelihood ratio is one piece) into p_synthetic.</summary>
    private void Fuse(Record record)
    {
        var watermark = _watermark?.Score(record.Text);
        var verdict = _fusion!.Fuse(RecordEvidence.From(record, watermark, _generatedByField));
        record.Attributes.PSynthetic = verdict.PSynthetic;
        record.Lineage.Add(_stages.Fuse!.Event(verdict.LineageDecision()));
    }
}
