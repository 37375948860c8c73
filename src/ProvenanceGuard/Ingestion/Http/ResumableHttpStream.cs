using System.Net;
using System.Net.Http.Headers;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace ProvenanceGuard.Ingestion.Http;

/// <summary>
/// A forward-only read stream over one HTTP object that survives dropped connections, 5xx answers and stalls.
/// Each byte is delivered exactly once and in order: after a failure it asks for the rest with a Range request;
/// a server that ignores ranges sends the whole object again and the bytes already delivered are skipped, so the
/// lines cut from this stream keep their numbers and none is emitted twice. An object whose ETag or
/// Last-Modified changes between attempts is refused rather than stitched together from two versions.
/// </summary>
public sealed class ResumableHttpStream : Stream
{
    private readonly HttpClient _client;
    private readonly Uri _url;
    private readonly ResiliencePipeline _pipeline;
    private HttpResponseMessage? _response;
    private Stream? _body;
    private long _position;
    private long? _length;
    private string? _version;
    private string? _lastError;
    private bool _ended;

    internal ResumableHttpStream(HttpClient client, Uri url, ResiliencePipeline pipeline)
    {
        _client = client;
        _url = url;
        _pipeline = pipeline;
    }

    public Uri Url => _url;
    /// <summary>Connections opened after the first, continued by a Range request.</summary>
    public int RangeResumes { get; private set; }
    /// <summary>Connections opened after the first that had to start over (the server ignored the range).</summary>
    public int Restarts { get; private set; }

    /// <summary>Makes the first request now, so a source that is down is reported before any line is read.</summary>
    public void Connect() => Run(async token =>
    {
        try
        {
            if (_body is null) await ConnectAsync(token).ConfigureAwait(false);
            return 0;
        }
        catch (Exception e)
        {
            Fail(e);
            throw;
        }
    }, CancellationToken.None).GetAwaiter().GetResult();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override int Read(Span<byte> buffer)
    {
        var rented = System.Buffers.ArrayPool<byte>.Shared.Rent(buffer.Length);
        try
        {
            var n = Read(rented, 0, buffer.Length);
            rented.AsSpan(0, n).CopyTo(buffer);
            return n;
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_ended || buffer.IsEmpty) return 0;
        return await Run(async token =>
        {
            try
            {
                if (_body is null) await ConnectAsync(token).ConfigureAwait(false);
                var n = await _body!.ReadAsync(buffer, token).ConfigureAwait(false);
                if (n == 0)
                {
                    if (_length is { } total && _position < total)
                        throw new IOException($"connection closed at byte {_position:N0} of {total:N0}");
                    _ended = true;
                    Drop();
                    return 0;
                }
                _position += n;
                return n;
            }
            catch (Exception e)
            {
                Fail(e);
                throw;
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    private async Task<int> Run(Func<CancellationToken, ValueTask<int>> attempt, CancellationToken cancellation)
    {
        try
        {
            return await _pipeline.ExecuteAsync(attempt, cancellation).ConfigureAwait(false);
        }
        catch (HttpSourceUnavailableException)
        {
            throw;
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TimeoutRejectedException or BrokenCircuitException)
        {
            throw new HttpSourceUnavailableException(_url, _position, _lastError ?? e.Message, e);
        }
    }

    private void Fail(Exception e)
    {
        Drop();
        _lastError = e switch
        {
            OperationCanceledException => "no response within the attempt timeout",
            HttpRequestException { InnerException: { } inner } h => $"{h.Message} ({inner.Message})",
            _ => e.Message,
        };
    }

    private async ValueTask ConnectAsync(CancellationToken token)
    {
        var resuming = _position > 0;
        using var request = new HttpRequestMessage(HttpMethod.Get, _url);
        if (resuming) request.Headers.Range = new RangeHeaderValue(_position, null);
        var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false);
        try
        {
            var status = (int)response.StatusCode;
            if (status >= 500 || status is 408 or 429) throw new TransientHttpStatusException(_url, status);
            if (!response.IsSuccessStatusCode)
                throw new HttpSourceUnavailableException(_url, _position, $"HTTP {status} {response.ReasonPhrase}");
            CheckVersion(response);
            var body = await response.Content.ReadAsStreamAsync(token).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.PartialContent)
            {
                var range = response.Content.Headers.ContentRange;
                if (range?.From != _position)
                    throw new HttpSourceUnavailableException(_url, _position, $"asked for bytes from {_position:N0}, got range {range}");
                _length = range.Length ?? _length;
                RangeResumes++;
            }
            else
            {
                _length = response.Content.Headers.ContentLength;
                if (resuming) Restarts++;
                await SkipAsync(body, _position, token).ConfigureAwait(false);
            }
            _response = response;
            _body = body;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private void CheckVersion(HttpResponseMessage response)
    {
        var version = response.Headers.ETag?.Tag ?? response.Content.Headers.LastModified?.ToString("R");
        if (version is null) return;
        if (_version is not null && version != _version)
            throw new HttpSourceUnavailableException(_url, _position, $"the object changed while it was read (was {_version}, now {version})");
        _version = version;
    }

    private static async ValueTask SkipAsync(Stream body, long count, CancellationToken token)
    {
        var scratch = new byte[64 * 1024];
        var total = count;
        while (count > 0)
        {
            var n = await body.ReadAsync(scratch.AsMemory(0, (int)Math.Min(scratch.Length, count)), token).ConfigureAwait(false);
            if (n == 0) throw new IOException($"the restarted download ended before byte {total:N0} was reached again");
            count -= n;
        }
    }

    private void Drop()
    {
        _body?.Dispose();
        _response?.Dispose();
        _body = null;
        _response = null;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => _length ?? throw new NotSupportedException("the length is known once the server has answered");
    /// <summary>Bytes delivered so far.</summary>
    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException("an HTTP source is read forward only");
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("an HTTP source is read forward only");
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) Drop();
        base.Dispose(disposing);
    }
}
