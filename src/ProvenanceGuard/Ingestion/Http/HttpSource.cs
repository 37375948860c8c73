using System.Collections.Concurrent;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace ProvenanceGuard.Ingestion.Http;

/// <summary>
/// Reads JSONL objects over HTTP(S) for one run: one HTTP client, and one resilience pipeline per host (retry with
/// exponential backoff and seeded jitter, outside a circuit breaker, outside a per-attempt timeout), so a failing
/// host trips its own breaker without slowing the others.
/// </summary>
public sealed class HttpSource : IDisposable
{
    private readonly HttpClient _client;
    private readonly HttpSourceOptions _options;
    private readonly Random _jitter;
    private readonly ConcurrentDictionary<string, ResiliencePipeline> _hosts = new(StringComparer.OrdinalIgnoreCase);

    public HttpSource(HttpSourceOptions options, Random jitter, HttpMessageHandler? handler = null)
    {
        _options = options;
        _jitter = jitter;
        // The pipeline's timeout bounds every attempt; the client's own timeout would cut long healthy downloads.
        _client = new HttpClient(handler ?? new SocketsHttpHandler { AutomaticDecompression = System.Net.DecompressionMethods.None }, disposeHandler: true)
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public static bool IsUrl(string path) =>
        path.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || path.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    /// <summary>A forward-only stream over the object at <paramref name="url"/>; nothing is requested until the first read or <see cref="ResumableHttpStream.Connect"/>.</summary>
    public ResumableHttpStream Open(Uri url) => new(_client, url, PipelineFor(url));

    /// <summary>SHA-256 of the object, read through the same resilient path as the records.</summary>
    public string Digest(Uri url)
    {
        try
        {
            using var stream = Open(url);
            return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stream));
        }
        catch (IOException e)
        {
            return "unreadable: " + e.Message;
        }
    }

    /// <summary>
    /// The keys of <paramref name="location"/>'s bucket that it names, in key order, from the endpoint's ListObjectsV2
    /// pages; each page request goes through the host's resilience pipeline. A listing that cannot be had is an error
    /// naming the URL: without it the run cannot know which records it should account for.
    /// </summary>
    public IReadOnlyList<string> ListKeys(Uri endpoint, S3Location location, CancellationToken cancellation = default)
    {
        var keys = new List<string>();
        string? continuation = null;
        do
        {
            var query = $"list-type=2&prefix={Uri.EscapeDataString(location.ListPrefix)}"
                        + (continuation is null ? "" : $"&continuation-token={Uri.EscapeDataString(continuation)}");
            var url = new Uri($"{endpoint.AbsoluteUri.TrimEnd('/')}/{Uri.EscapeDataString(location.Bucket)}?{query}");
            var page = S3ListPage.Parse(Fetch(url, cancellation), url);
            keys.AddRange(page.Keys.Where(location.Matches));
            continuation = page.NextContinuationToken;
        } while (continuation is not null);
        keys.Sort(StringComparer.Ordinal);
        return keys;
    }

    private byte[] Fetch(Uri url, CancellationToken cancellation)
    {
        try
        {
            return PipelineFor(url).ExecuteAsync(async token =>
            {
                using var response = await _client.GetAsync(url, token).ConfigureAwait(false);
                var status = (int)response.StatusCode;
                if (status >= 500 || status is 408 or 429) throw new TransientHttpStatusException(url, status);
                if (!response.IsSuccessStatusCode) throw new HttpSourceUnavailableException(url, 0, $"HTTP {status} {response.ReasonPhrase}");
                return await response.Content.ReadAsByteArrayAsync(token).ConfigureAwait(false);
            }, cancellation).AsTask().GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutRejectedException or BrokenCircuitException
                                      or (IOException and not HttpSourceUnavailableException))
        {
            throw new HttpSourceUnavailableException(url, 0, e.Message, e);
        }
    }

    private ResiliencePipeline PipelineFor(Uri url) => _hosts.GetOrAdd(url.Authority, _ => Build());

    private ResiliencePipeline Build()
    {
        var transient = new PredicateBuilder()
            .Handle<HttpRequestException>()
            .Handle<IOException>(e => e is not HttpSourceUnavailableException)
            .Handle<TimeoutRejectedException>();
        return new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = transient.Handle<BrokenCircuitException>(),
                MaxRetryAttempts = _options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(_options.BaseDelayMilliseconds),
                MaxDelay = TimeSpan.FromMilliseconds(_options.MaxDelayMilliseconds),
                Randomizer = NextJitter,
            })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                ShouldHandle = new PredicateBuilder()
                    .Handle<HttpRequestException>()
                    .Handle<IOException>(e => e is not HttpSourceUnavailableException)
                    .Handle<TimeoutRejectedException>(),
                FailureRatio = _options.BreakerFailureRatio,
                MinimumThroughput = _options.BreakerMinimumThroughput,
                SamplingDuration = TimeSpan.FromSeconds(10),
                BreakDuration = TimeSpan.FromMilliseconds(Math.Max(500, _options.BreakMilliseconds)),
            })
            .AddTimeout(TimeSpan.FromMilliseconds(_options.AttemptTimeoutMilliseconds))
            .Build();
    }

    private double NextJitter()
    {
        lock (_jitter) return _jitter.NextDouble();
    }

    public void Dispose() => _client.Dispose();
}
