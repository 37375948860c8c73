namespace ProvenanceGuard.Ingestion.Http;

/// <summary>
/// How HTTP(S) sources are read (configuration section "Http"): a timeout per attempt, retries with exponential
/// backoff and jitter, and a circuit breaker per host. Delays are in milliseconds so tests can run them fast.
/// </summary>
public sealed record HttpSourceOptions
{
    /// <summary>One attempt (connecting, or one read of the body) that takes longer than this is abandoned and retried: a stalled server never hangs a run.</summary>
    public int AttemptTimeoutMilliseconds { get; init; } = 30_000;
    /// <summary>Retries of one read before the source is given up as unreadable.</summary>
    public int MaxRetries { get; init; } = 8;
    /// <summary>First backoff delay; each retry doubles it (with jitter) up to <see cref="MaxDelayMilliseconds"/>.</summary>
    public int BaseDelayMilliseconds { get; init; } = 500;
    public int MaxDelayMilliseconds { get; init; } = 30_000;
    /// <summary>Share of failed attempts to one host (over the sampling window) at which its circuit opens.</summary>
    public double BreakerFailureRatio { get; init; } = 0.5;
    /// <summary>Attempts seen before the breaker may open.</summary>
    public int BreakerMinimumThroughput { get; init; } = 10;
    /// <summary>How long an open circuit refuses calls to the host (at least 500 ms).</summary>
    public int BreakMilliseconds { get; init; } = 5_000;
    /// <summary>Base URL of the S3-compatible endpoint that <c>s3://bucket/key</c> sources are read from (path-style; anonymous requests).</summary>
    public string? S3Endpoint { get; init; }
}
