using ProvenanceGuard.Curation;
using ProvenanceGuard.Records;
using Record = ProvenanceGuard.Records.Record;

namespace ProvenanceGuard.Tests.Curation;

/// <summary>Records as the curator receives them (tagged, scored) and a way to feed a whole stream through it.</summary>
internal static class CuratorInputs
{
    public static Record Scored(long sequence, double? p, string text, string source = "s", string? metadataJson = null)
    {
        var record = new Record
        {
            Id = $"r{sequence}", Text = text, Source = source, ContentSha256 = ContentHash.Of(text), Origin = new RecordOrigin("f", sequence, 0),
            Sequence = sequence, MetadataJson = metadataJson,
        };
        record.Attributes.PMachine = p;
        return record;
    }

    /// <summary>Every window the stream closes, the last partial one included.</summary>
    public static List<ShardWindow> Feed(ShardWindowCurator curator, IEnumerable<Record> records)
    {
        var windows = records.Select(curator.Add).OfType<ShardWindow>().ToList();
        if (curator.Flush() is { } last) windows.Add(last);
        return windows;
    }
}
