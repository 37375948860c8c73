namespace ProvenanceGuard.Ingestion.Http;

/// <summary>
/// An HTTP source could not be read to its end: retries were exhausted, the circuit stayed open, or the server
/// answered with a permanent error. Names the URL, how far it got and the last error, and is never retried.
/// </summary>
public sealed class HttpSourceUnavailableException(Uri url, long bytesReceived, string lastError, Exception? inner = null)
    : IOException($"{url}: unreadable after {bytesReceived:N0} bytes: {lastError}", inner)
{
    public Uri Url { get; } = url;
    public long BytesReceived { get; } = bytesReceived;
    public string LastError { get; } = lastError;
}

/// <summary>A status the server may recover from (5xx, 408, 429): retried like a dropped connection.</summary>
public sealed class TransientHttpStatusException(Uri url, int status) : HttpRequestException($"{url}: HTTP {status}")
{
    public int Status { get; } = status;
}
