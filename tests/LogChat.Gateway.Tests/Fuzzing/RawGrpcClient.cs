using System.Net;
using System.Net.Http.Headers;
using Grpc.Core;

namespace LogChat.Gateway.Tests.Fuzzing;

/// <summary>
/// Sends a gRPC request with a body of the test's own making (any bytes, any framing) over HTTP/2 and reads the
/// status, from the headers of a trailers-only answer or from the trailers.
/// </summary>
public sealed class RawGrpcClient(Uri gateway) : IDisposable
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    private readonly HttpClient _http = new(new SocketsHttpHandler { EnableMultipleHttp2Connections = true });

    /// <summary>
    /// Calls <paramref name="method"/> (<c>/package.Service/Method</c>) with <paramref name="body"/> as the raw request
    /// body. A server-streaming call that opens (sends its first message) is closed again and reported as opened.
    /// </summary>
    public async Task<RawGrpcAnswer> CallAsync(string method, byte[] body, string? token = null, string? encoding = null)
    {
        using var timeout = new CancellationTokenSource(CallTimeout);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(gateway, method)) {
            Content = new ByteArrayContent(body),
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TE.Add(new TransferCodingWithQualityHeaderValue("trailers"));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (encoding is not null)
        {
            request.Headers.Add("grpc-encoding", encoding);
        }

        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        if (StatusOf(response.Headers) is { } trailersOnly)
        {
            return trailersOnly;
        }

        await using var content = await response.Content.ReadAsStreamAsync(timeout.Token);
        var buffer = new byte[4096];
        var received = 0;
        int read;
        while ((read = await content.ReadAsync(buffer, timeout.Token)) > 0)
        {
            received += read;
            if (received >= 5 && method.EndsWith("/Connect", StringComparison.Ordinal))
            {
                return RawGrpcAnswer.StreamOpened;
            }
        }

        return StatusOf(response.TrailingHeaders) ?? throw new InvalidOperationException($"{method} answered HTTP {(int)response.StatusCode} without a grpc-status");
    }

    public void Dispose() => _http.Dispose();

    private static RawGrpcAnswer? StatusOf(HttpHeaders headers)
    {
        if (!headers.TryGetValues("grpc-status", out var status))
        {
            return null;
        }

        var message = headers.TryGetValues("grpc-message", out var messages) ? Uri.UnescapeDataString(messages.First()) : string.Empty;
        return new RawGrpcAnswer((StatusCode)int.Parse(status.First(), System.Globalization.CultureInfo.InvariantCulture), message, false);
    }
}

/// <summary>The status a raw call ended with, or that a stream opened (and was closed by the test).</summary>
public sealed record RawGrpcAnswer(StatusCode Status, string Message, bool Opened)
{
    public static RawGrpcAnswer StreamOpened { get; } = new(StatusCode.OK, "stream opened", true);

    public override string ToString() => Opened ? "stream opened" : $"{Status} \"{Message}\"";
}
