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
