using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ProvenanceGuard.Tests.Ingestion.Http;

/// <summary>
/// What the fault-injection server does to each request, drawn from a seeded Random: answer 500, stall (before the
/// headers or part-way through the body), or serve, cutting the body within <c>CutWindow</c> bytes with
/// probability <c>DropMidBody</c> (1: every response is cut, so a body of n bytes takes about 2n/CutWindow connections).
/// </summary>
internal sealed record FaultPlan(double ServerError = 0, double DropMidBody = 0, double Stall = 0, bool SupportsRanges = true, int StallMilliseconds = 1500,
    int CutWindow = 32 * 1024);

/// <summary>
/// An HTTP/1.1 server on 127.0.0.1 that serves byte objects by path and, at random (seeded), answers 500, cuts the
/// connection part-way through the body, or stalls. One request per connection. It serves at most
/// <c>maxRequests</c> requests and stops by itself; Dispose stops it sooner.
/// </summary>
internal sealed class FaultyHttpServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Dictionary<string, byte[]> _objects;
    private readonly FaultPlan _plan;
    private readonly Random _random;
    private readonly CancellationTokenSource _stop = new();
    private readonly int _maxRequests;
    private readonly Func<string, byte[]?>? _answer;
    private int _requests, _errors, _drops, _stalls, _ranged;

    /// <param name="answer">Answers a request path (with its query) that is not one of <paramref name="objects"/>, or null for 404.</param>
    public FaultyHttpServer(Dictionary<string, byte[]> objects, FaultPlan plan, int seed, int maxRequests = 3000, Func<string, byte[]?>? answer = null)
    {
        _objects = objects;
        _answer = answer;
        _plan = plan;
        _random = new Random(seed);
        _maxRequests = maxRequests;
        _listener.Start();
        _ = Task.Run(AcceptLoop);
    }

    public string Url(string path) => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/{path}";
    public int Requests => _requests;
    public int InjectedFaults => _errors + _drops + _stalls;
    public int ServerErrors => _errors;
    public int Drops => _drops;
    public int Stalls => _stalls;
    public int RangedRequests => _ranged;

    private async Task AcceptLoop()
    {
        try
        {
            while (!_stop.IsCancellationRequested && Interlocked.Increment(ref _requests) <= _maxRequests)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                _ = Task.Run(() => Serve(client));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException) { }
        finally
        {
            _listener.Stop();
        }
    }

    private double Next()
    {
        lock (_random) return _random.NextDouble();
    }

    private async Task Serve(TcpClient client)
    {
        using var _ = client;
        try
        {
            var stream = client.GetStream();
            var (path, rangeStart) = await ReadRequest(stream);
            var body = _objects.GetValueOrDefault(path) ?? _answer?.Invoke(path);
            if (body is null)
            {
                await Write(stream, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                return;
            }
            var draw = Next();
            if (draw < _plan.ServerError)
            {
                Interlocked.Increment(ref _errors);
                await Write(stream, "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                return;
            }
            var stallBeforeHeaders = draw < _plan.ServerError + _plan.Stall / 2;
            var stallMidBody = !stallBeforeHeaders && draw < _plan.ServerError + _plan.Stall;
            // A response that is neither an error nor a stall is cut with probability DropMidBody.
            var drop = !stallBeforeHeaders && !stallMidBody && Next() < _plan.DropMidBody;
            if (stallBeforeHeaders)
            {
                Interlocked.Increment(ref _stalls);
                await Task.Delay(_plan.StallMilliseconds, _stop.Token);
                return;
            }

            var from = _plan.SupportsRanges && rangeStart is { } r && r < body.Length ? r : 0;
            if (from > 0) Interlocked.Increment(ref _ranged);
            var header = new StringBuilder();
            header.Append(from > 0 ? "HTTP/1.1 206 Partial Content\r\n" : "HTTP/1.1 200 OK\r\n");
            header.Append($"Content-Length: {body.Length - from}\r\nETag: \"v1\"\r\nConnection: close\r\n");
            if (_plan.SupportsRanges) header.Append("Accept-Ranges: bytes\r\n");
            if (from > 0) header.Append($"Content-Range: bytes {from}-{body.Length - 1}/{body.Length}\r\n");
            header.Append("\r\n");
            await Write(stream, header.ToString());

            long end = body.Length;
            if (drop || stallMidBody)
            {
                // Cut within the next CutWindow bytes, so a body takes many connections and every fault kind shows up;
                // a cut past the end serves the whole rest.
                end = Math.Min(body.Length, from + (long)(_plan.CutWindow * Next()));
                drop &= end < body.Length;
                stallMidBody &= end < body.Length;
                if (drop) Interlocked.Increment(ref _drops);
                if (stallMidBody) Interlocked.Increment(ref _stalls);
            }
            await stream.WriteAsync(body.AsMemory((int)from, (int)(end - from)), _stop.Token);
            await stream.FlushAsync(_stop.Token);
            if (stallMidBody) await Task.Delay(_plan.StallMilliseconds, _stop.Token);
            // A drop closes the socket with the body unfinished; Content-Length tells the client it was cut.
            if (drop) client.Client.LingerState = new LingerOption(true, 0);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException) { }
    }

    private static async Task<(string Path, long? RangeStart)> ReadRequest(NetworkStream stream)
    {
        var buffer = new byte[8192];
        var used = 0;
        while (used < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(used));
            if (n == 0) break;
            used += n;
            if (Encoding.ASCII.GetString(buffer, 0, used).Contains("\r\n\r\n")) break;
        }
        var lines = Encoding.ASCII.GetString(buffer, 0, used).Split("\r\n");
        var path = lines[0].Split(' ')[1].TrimStart('/');
        long? range = null;
        foreach (var line in lines)
        {
            if (!line.StartsWith("Range: bytes=", StringComparison.OrdinalIgnoreCase)) continue;
            range = long.Parse(line["Range: bytes=".Length..].Split('-')[0]);
        }
        return (path, range);
    }

    private Task Write(NetworkStream stream, string text) => stream.WriteAsync(Encoding.ASCII.GetBytes(text), _stop.Token).AsTask();

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
    }
}
