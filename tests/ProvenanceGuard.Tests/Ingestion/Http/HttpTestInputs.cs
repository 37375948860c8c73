using System.IO.Compression;
using System.Text;
using ProvenanceGuard.Ingestion;
using ProvenanceGuard.Ingestion.Http;
using ProvenanceGuard.Pipeline;
using Record = ProvenanceGuard.Records.Record;

namespace ProvenanceGuard.Tests.Ingestion.Http;

/// <summary>Corpora and a reader for remote-source tests: what a source yields, read through the real planner, reader and tagger.</summary>
internal static class HttpTestInputs
{
    /// <summary>
    /// Fast settings so a flaky loopback server is ridden out in well under a second per fault. The servers below
    /// fail nearly every connection (so one body takes dozens of them), which would keep a breaker at the default
    /// ratio open; the breaker is tested on its own with a server that is down.
    /// </summary>
    public static readonly HttpSourceOptions Fast = new()
    {
        AttemptTimeoutMilliseconds = 300, MaxRetries = 40, BaseDelayMilliseconds = 5, MaxDelayMilliseconds = 100, BreakMilliseconds = 500,
        BreakerFailureRatio = 1.0, BreakerMinimumThroughput = 100,
    };

    public static byte[] Corpus(int records)
    {
        var text = new StringBuilder();
        var random = new Random(7);
        for (var i = 1; i <= records; i++)
        {
            if (i % 97 == 0) text.Append("{\"id\": \"broken-").Append(i).Append("\", \"text\": \"unterminated\n");
            else if (i % 89 == 0) text.Append("{\"id\": \"dup-").Append(i).Append("\", \"text\": \"the same text every time\"}\n");
            else if (i % 83 == 0) text.Append("\n");
            else
                text.Append("{\"id\": \"doc-").Append(i).Append("\", \"text\": \"record ").Append(i).Append(' ')
                    .Append(string.Join(' ', Enumerable.Range(0, random.Next(5, 40)).Select(_ => "w" + random.Next(1000)))).Append("\"}\n");
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    public static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest)) gzip.Write(bytes);
        return output.ToArray();
    }

    public static List<Record> Read(string path, HttpSourceOptions? http = null) => IngestTestKit.ReadAll(path, http: http ?? Fast);

    public static List<string> Outcomes(IEnumerable<Record> records) =>
        records.Select(r => $"{r.Sequence}|{r.Origin.Line}|{r.Origin}|{r.Id}|{r.ContentSha256}|{r.Disposition?.Reason}|{r.RejectMessage?.Split(": ").Last()}").ToList();
}
