using System.Buffers;
using System.Globalization;
using System.Text;
using ProvenanceGuard.Curation.NearDuplicates;
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
/// rejected one. Given a <see cref="TextSlabPool"/>, records hold their texts as UTF-8 in its slabs rather than as strings;
/// given MinHash options, each record also gets its near-duplicate sketch, so the one-threaded curator need not take it.
/// </summary>
public sealed class RecordTagger
{
    private readonly IMachineTextScorer? _scorer;
    private readonly bool _normalize;
    private readonly StageDescriptors _stages;
    private readonly EvidenceFusion? _fusion;
    private readonly WatermarkDetector? _watermark;
    private readonly TextSlabPool? _textSlabs;
    private readonly MinHashOptions? _sketches;
    private readonly string _generatedByField = "generated_by";
    private readonly Dictionary<int, (byte[] TextField, byte[] IdField, string Source, string Path)> _fields = new();

    public RecordTagger(PipelineDefinition pipeline, IReadOnlyList<InputFile> inputs, IMachineTextScorer? scorer, StageDescriptors stages,
        TextSlabPool? textSlabs = null, MinHashOptions? nearDuplicateSketches = null)
    {
        _textSlabs = textSlabs;
        _sketches = nearDuplicateSketches;
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
        using var scratch = new BatchScratch(_textSlabs, _sketches);
        for (var i = 0; i < records.Length; i++)
            records[i] = Tag(batch, batch.Units[i], scratch);
        return records;
    }

    private Record Tag(SourceBatch batch, SourceUnit unit, BatchScratch scratch)
    {
        var fields = _fields[batch.Split.File.Index];
        var id = unit.Id;
        var text = unit.Text.AsSpan();
        var meta = unit.MetadataJson;
        string? reason = unit.Reason, message = unit.Message;

        if (unit.Kind == SourceUnitKind.JsonLine)
        {
            var parsed = JsonLineParser.Parse(batch.Bytes.AsSpan(unit.Start, unit.Length), fields.TextField, fields.IdField, scratch.Metadata,
                scratch.Decoded);
            id = parsed.Id;
            meta = parsed.MetadataJson;
            reason = parsed.RejectReason;
            text = scratch.Decoded.Chars(Math.Max(parsed.TextChars, 0));
            if (reason is not null)
            {
                message = $"{fields.Path}:{unit.Origin.Line}: {parsed.RejectMessage}";
                text = SplitReader.Lossy(batch.Bytes.AsSpan(unit.Start, Math.Min(unit.Length, 4096)));
            }
        }

        id ??= $"{unit.Origin.File}:{unit.Origin.Line.ToString(CultureInfo.InvariantCulture)}";
        var normalized = false;
        if (reason is null && _normalize) text = TextNormalizer.Normalize(text, scratch.Composed, scratch.Folded, out normalized);
        if (reason is null && text.IsWhiteSpace())
        {
            reason = RejectReason.EmptyText;
            message = $"{fields.Path}:{unit.Origin.Line}: the text is empty";
        }

        Record record;
        if (reason is null && scratch.Slabs is { } slabs)
        {
            var utf8 = slabs.Append(text);
            record = new Record
            {
                Id = id,
                Utf8Text = utf8,
                Source = fields.Source,
                ContentSha256 = ContentHash.Of(utf8.Bytes),
                Origin = unit.Origin,
                MetadataJson = meta,
                Sequence = unit.Sequence,
            };
        }
        else
        {
            var held = text.ToString();
            record = new Record
            {
                Id = id,
                Text = held,
                Source = fields.Source,
                ContentSha256 = ContentHash.Of(held),
                Origin = unit.Origin,
                MetadataJson = meta,
                Sequence = unit.Sequence,
            };
        }
        if (reason is not null)
        {
            record.Lineage.Add(_stages.Ingest.Event("rejected:" + reason));
            record.Disposition = Disposition.RejectedFor(reason);
            record.RejectMessage = message;
            return record;
        }

        record.Lineage.Add(_stages.Ingest.Event("read"));
        if (_normalize) record.Lineage.Add(_stages.Normalize.Event(normalized ? "normalized" : "unchanged"));
        if (_scorer is not null)
        {
            var score = _scorer.Score(text);
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
        if (_fusion is not null) Fuse(record, text);
        if (scratch.Sketch is { } sketch)
        {
            sketch.Compute(text);
            record.Attributes.NearDuplicateSketch = sketch.Snapshot();
        }
        return record;
    }

    /// <summary>What tagging one batch reuses from record to record: buffers for the text on its way and the slabs it ends in.</summary>
    private sealed class BatchScratch(TextSlabPool? pool, MinHashOptions? sketches) : IDisposable
    {
        public MinHashSketch? Sketch { get; } = sketches is null ? null : new MinHashSketch(sketches);
        public ArrayBufferWriter<byte> Metadata { get; } = new(256);
        public TextScratch Decoded { get; } = new();
        public TextScratch Composed { get; } = new();
        public TextScratch Folded { get; } = new();
        public TextSlabWriter? Slabs { get; } = pool is null ? null : new TextSlabWriter(pool);

        public void Dispose()
        {
            Decoded.Dispose();
            Composed.Dispose();
            Folded.Dispose();
            Slabs?.Dispose();
        }
    }

    /// <summary>Fuses the record's evidence (after the detector, whose log-likelihood ratio is one piece) into p_synthetic.</summary>
    private void Fuse(Record record, ReadOnlySpan<char> text)
    {
        var watermark = _watermark?.Score(text.ToString());
        var verdict = _fusion!.Fuse(RecordEvidence.From(record, watermark, _generatedByField));
        record.Attributes.PSynthetic = verdict.PSynthetic;
        record.Lineage.Add(_stages.Fuse!.Event(verdict.LineageDecision()));
    }
}
