using System.Security.Cryptography;
using System.Text;
using ProvenanceGuard.Records;
using Record = ProvenanceGuard.Records.Record;

namespace ProvenanceGuard.Tests.Formats.Parquet;

/// <summary>Deterministic kept records for shard tests: scored and unscored, with and without metadata, non-ASCII text.</summary>
public static class ShardRecords
{
    public static Record Make(int i)
    {
        var text = i % 13 == 0 ? "" : $"Dokument {i}: naïve café — 東京 {new string('x', i % 50)}";
        var record = new Record
        {
            Id = $"doc-{i:D6}",
            Text = text,
            Source = i % 2 == 0 ? "web" : "books",
            ContentSha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text))),
            Origin = new RecordOrigin($"input/part-{i % 3}.jsonl", i + 1, i * 100L),
            MetadataJson = i % 4 == 0 ? null : $"{{\"lang\":\"de\",\"n\":{i}}}",
            Sequence = i,
        };
        if (i % 5 == 0) record.Attributes.TooShortToJudge = true;
        else
        {
            record.Attributes.PMachine = (i % 100) / 100.0;
            record.Attributes.LogLikelihoodRatio = i / 10.0 - 3;
            record.Attributes.Detector = "reference-lm@1.0";
            if (i % 3 == 0) record.Attributes.PSynthetic = i % 7 == 0 ? 1.0 : (i % 100) / 200.0; // fused on some rows only
        }
        record.Lineage.Add(new LineageEvent("ingest", "1.0", "sha256:aaaa", "accepted"));
        record.Lineage.Add(new LineageEvent("detect", "1.0", "sha256:bbbb", i % 5 == 0 ? "too-short" : "scored \"ok\""));
        return record;
    }
}
