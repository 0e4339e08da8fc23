using System.Net.Sockets;

namespace LogChat.Client.Peer.Punch;

/// <summary>
/// An HTTP handler whose one connection runs over a given, already-connected socket (a punched connection, say), with
/// TLS that accepts only the pinned certificate. It hands the socket out once: when that connection is gone, a new one
/// fails with <see cref="HttpRequestException"/> instead of dialling anywhere. The request's host is only the TLS server
/// name (SNI). Owns the socket; disposing the handler closes it if no connection took it.
/// </summary>
public sealed class ConnectedSocketHandler : DelegatingHandler
{
    private Socket? _socket;

    public ConnectedSocketHandler(Socket connected, CertificatePin pin)
    {
        ArgumentNullException.ThrowIfNull(connected);
        ArgumentNullException.ThrowIfNull(pin);
        _socket = connected;
        InnerHandler = new SocketsHttpHandler
        {
            ConnectCallback = (_, _) => ValueTask.FromResult<Stream>(TakeStream()),
            SslOptions = pin.ClientOptions(),
        };
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Interlocked.Exchange(ref _socket, null)?.Dispose();
        }

        base.Dispose(disposing);
    }

    private NetworkStream TakeStream()
    {
        var socket = Interlocked.Exchange(ref _socket, null)
            ?? throw new HttpRequestException("This handler's socket already carried its one connection; it cannot connect again.");
        socket.NoDelay = true;
        return new NetworkStream(socket, ownsSocket: true);
    }
}
