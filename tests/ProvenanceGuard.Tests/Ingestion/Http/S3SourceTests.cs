using System.Text;
using System.Web;
using ProvenanceGuard.Ingestion.Http;
using ProvenanceGuard.Tests.Support;
using static ProvenanceGuard.Tests.Ingestion.Http.HttpTestInputs;

namespace ProvenanceGuard.Tests.Ingestion.Http;

/// <summary>
/// s3://bucket/key sources on an S3-compatible endpoint: a glob is listed page by page (ListObjectsV2), and the matching
/// objects are read in key order through the same resilient path as any http source.
/// </summary>
public class S3SourceTests
{
    /// <summary>A ListObjectsV2 responder over <paramref name="keys"/> that answers two keys per page, as a real server may.</summary>
    private static Func<string, byte[]?> Listing(string bucket, IReadOnlyList<string> keys) => path =>
    {
        if (!path.StartsWith(bucket + "?", StringComparison.Ordinal)) return null;
        var query = HttpUtility.ParseQueryString(path[(bucket.Length + 1)..]);
        if (query["list-type"] != "2") return null;
        var matching = keys.Where(k => k.StartsWith(query["prefix"] ?? "", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        var from = query["continuation-token"] is { } token ? int.Parse(token[1..]) : 0;
        var page = matching.Skip(from).Take(2).ToList();
        var truncated = from + page.Count < matching.Count;
        var xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">");
        xml.Append($"<Name>{bucket}</Name><KeyCount>{page.Count}</KeyCount><IsTruncated>{(truncated ? "true" : "false")}</IsTruncated>");
        foreach (var key in page) xml.Append($"<Contents><Key>{key}</Key><Size>1</Size></Contents>");
        if (truncated) xml.Append($"<NextContinuationToken>t{from + page.Count}</NextContinuationToken>");
        return Encoding.UTF8.GetBytes(xml.Append("</ListBucketResult>").ToString());
    };

    [Fact]
    public void A_glob_reads_every_matching_object_in_key_order_through_a_flaky_endpoint()
    {
        using var temp = new TempFolder();
        var parts = Enumerable.Range(0, 3).Select(i => Corpus(400 + 50 * i)).ToArray();
        var objects = new Dictionary<string, byte[]>
        {
            ["corpus/crawl/part-2.jsonl"] = parts[2], ["corpus/crawl/part-0.jsonl"] = parts[0], ["corpus/crawl/part-1.jsonl"] = parts[1],
            ["corpus/crawl/old/part-9.jsonl"] = Corpus(10), ["corpus/crawl/readme.txt"] = "not data"u8.ToArray(),
        };
        var keys = objects.Keys.Select(k => k["corpus/".Length..]).ToList();
        using var server = new FaultyHttpServer(objects, new FaultPlan(ServerError: 0.2, DropMidBody: 0.5, CutWindow: 8192), seed: 4,
            answer: Listing("corpus", keys));
        var endpoint = server.Url("").TrimEnd('/');

        var remote = Read("s3://corpus/crawl/part-*.jsonl", Fast with { S3Endpoint = endpoint });

        var local = Read(temp.WriteBytes("part-0.jsonl", parts[0])).Concat(Read(temp.WriteBytes("part-1.jsonl", parts[1])))
            .Concat(Read(temp.WriteBytes("part-2.jsonl", parts[2])));
        string Content(ProvenanceGuard.Records.Record r) => $"{r.Origin.Line}|{r.Id}|{r.ContentSha256}|{r.Disposition?.Reason}";
        Assert.Equal(local.Select(Content), remote.Select(Content));
        Assert.Equal(["part-0.jsonl", "part-1.jsonl", "part-2.jsonl"], remote.Select(r => r.Origin.File).Distinct());
        Assert.True(server.ServerErrors > 0 && server.Drops > 0, "faults were injected into listing and reading");
    }

    [Fact]
    public void One_key_is_read_without_listing_and_a_missing_endpoint_or_empty_match_is_a_clear_error()
    {
        var bytes = Corpus(300);
        using var server = new FaultyHttpServer(new() { ["b/one.jsonl"] = bytes }, new FaultPlan(), seed: 1, answer: Listing("b", ["one.jsonl"]));
        var endpoint = server.Url("").TrimEnd('/');

        Assert.Equal(Outcomes(Read(server.Url("b/one.jsonl"))), Outcomes(Read("s3://b/one.jsonl", Fast with { S3Endpoint = endpoint })));
        Assert.Contains("s3Endpoint", Assert.Throws<ConfigurationException>(() => Read("s3://b/one.jsonl")).Message);
        Assert.Contains("no object matches s3://b/two-*.jsonl", Assert.Throws<ConfigurationException>(() => Read("s3://b/two-*.jsonl", Fast with { S3Endpoint = endpoint })).Message);
        Assert.Contains("expected s3://bucket/key", Assert.Throws<ConfigurationException>(() => Read("s3://just-a-bucket", Fast with { S3Endpoint = endpoint })).Message);
    }

    [Fact]
    public void A_listing_that_cannot_be_had_names_its_url_and_status()
    {
        using var server = new FaultyHttpServer(new(), new FaultPlan(), seed: 1); // every path is 404: no such bucket
        var endpoint = server.Url("").TrimEnd('/');

        var e = Assert.Throws<HttpSourceUnavailableException>(() => Read("s3://nobucket/x-*.jsonl", Fast with { S3Endpoint = endpoint }));

        Assert.Contains($"{endpoint}/nobucket?list-type=2&prefix=x-", e.Message);
        Assert.Contains("HTTP 404", e.Message);
    }

    [Theory]
    [InlineData("crawl/part-*.jsonl", "crawl/part-7.jsonl", true)]
    [InlineData("crawl/part-*.jsonl", "crawl/old/part-7.jsonl", false)] // * never crosses a '/'
    [InlineData("crawl/part-?.jsonl", "crawl/part-12.jsonl", false)]
    [InlineData("crawl/*/part-1.jsonl", "crawl/2024/part-1.jsonl", true)]
    public void Globs_match_keys_segment_by_segment(string pattern, string key, bool matches) =>
        Assert.Equal(matches, new S3Location("b", pattern).Matches(key));
}
