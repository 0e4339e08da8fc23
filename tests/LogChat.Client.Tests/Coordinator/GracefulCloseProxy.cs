using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace LogChat.Client.Tests.Coordinator;

/// <summary>
/// A loopback TCP relay in front of a gateway that, once told, answers the next bytes a client sends by announcing a
/// graceful HTTP/2 shutdown (GOAWAY, NO_ERROR) and closing the connection without passing those bytes on: a gateway
/// that stops in the instant a request is on its way, made to happen every time.
/// </summary>
internal sealed class GracefulCloseProxy : IAsyncDisposable
{
    private const byte GoAwayFrameType = 0x7;
    private const int GoAwayPayloadLength = 8;
    private const int FrameHeaderLength = 9;

    private readonly TcpListener _listener;
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _accepting;
    private volatile bool _closeOnNextRequest;

    private GracefulCloseProxy(TcpListener listener, int targetPort)
    {
        _listener = listener;
        _targetPort = targetPort;
        _accepting = AcceptAsync();
    }

    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    public static GracefulCloseProxy Start(string targetUrl)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return new GracefulCloseProxy(listener, new Uri(targetUrl).Port);
    }

    /// <summary>From now on, the next bytes any client sends get the graceful close instead of reaching the gateway.</summary>
    public void CloseOnNextRequest() => _closeOnNextRequest = true;

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        await _accepting.ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        var relays = new List<Task>();
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stopping.Token);
                relays.Add(RelayAsync(client));
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            await Task.WhenAll(relays);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using (client)
        using (var gateway = new TcpClient())
        {
            await gateway.ConnectAsync(IPAddress.Loopback, _targetPort, _stopping.Token);
            var toClient = CopyAsync(gateway.GetStream(), client.GetStream());
            await ClientToGatewayAsync(client.GetStream(), gateway.GetStream());
            client.Client.Shutdown(SocketShutdown.Both);
            gateway.Client.Shutdown(SocketShutdown.Both);
            await toClient;
        }
    }

    private async Task ClientToGatewayAsync(NetworkStream from, NetworkStream to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, _stopping.Token)) > 0)
            {
                if (_closeOnNextRequest)
                {
                    await from.WriteAsync(GoAway(), _stopping.Token);
                    return;
                }

                await to.WriteAsync(buffer.AsMemory(0, read), _stopping.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
        }
    }

    private async Task CopyAsync(NetworkStream from, NetworkStream to)
    {
        try
        {
            await from.CopyToAsync(to, _stopping.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
        }
    }

    /// <summary>GOAWAY on stream 0: every stream up to the highest id may finish, error code NO_ERROR.</summary>
    private static byte[] GoAway()
    {
        var frame = new byte[FrameHeaderLength + GoAwayPayloadLength];
        frame[2] = GoAwayPayloadLength;
        frame[3] = GoAwayFrameType;
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(FrameHeaderLength), int.MaxValue);
        return frame;
    }
}
