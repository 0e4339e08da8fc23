using System.Net;
using System.Net.Sockets;

namespace LogChat.Testing;

/// <summary>
/// A loopback TCP relay in front of a server on another loopback port. It keeps a copy of every byte it carries, both
/// ways, so a test can search what the server saw; and it can hand each chunk a client sends to an interceptor first,
/// which may answer the client itself and end the connection instead of passing the chunk on.
/// </summary>
public sealed class LoopbackTcpRelay : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly ClientBytesInterceptor? _intercept;
    private readonly MemoryStream _recorded = new();
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();

    /// <param name="targetPort">The loopback port of the server.</param>
    /// <param name="intercept">Sees each chunk a client sends before it is passed on; null passes everything.</param>
    public LoopbackTcpRelay(int targetPort, ClientBytesInterceptor? intercept = null)
    {
        _targetPort = targetPort;
        _intercept = intercept;
        _listener.Start();
        _ = AcceptLoopAsync();
    }

    /// <summary>
    /// Decides about one chunk a client sent: true passes it on; false drops it and ends the connection, after whatever
    /// the interceptor wrote to <paramref name="client"/>, which the client gets in full before the end of the stream.
    /// </summary>
    public delegate ValueTask<bool> ClientBytesInterceptor(ReadOnlyMemory<byte> chunk, Stream client, CancellationToken cancellationToken);

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public string Url => $"http://127.0.0.1:{Port}";

    public byte[] RecordedBytes()
    {
        lock (_gate)
        {
            return _recorded.ToArray();
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using (client)
        using (var upstream = new TcpClient())
        {
            try
            {
                await upstream.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token);
                var down = client.GetStream();
                var up = upstream.GetStream();
                var fromClient = PumpAsync(down, up, _intercept);
                if (await Task.WhenAny(fromClient, PumpAsync(up, down, null)) == fromClient && !await fromClient)
                {
                    await EndInterceptedAsync(client.Client, down);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
            {
                // One side went away: the relay connection ends with it.
            }
        }
    }

    /// <summary>Copies until either side closes; false when the interceptor ended the connection.</summary>
    private async Task<bool> PumpAsync(Stream from, Stream to, ClientBytesInterceptor? intercept)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, _stop.Token)) > 0)
            {
                if (intercept is not null && !await intercept(buffer.AsMemory(0, read), from, _stop.Token))
                {
                    return false;
                }

                lock (_gate)
                {
                    _recorded.Write(buffer, 0, read);
                }

                await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The connection closed.
        }

        return true;
    }

    // Ends the sending side first and reads the client out, so that the connection closes with a FIN after the
    // interceptor's answer rather than a reset that could discard it.
    private async Task EndInterceptedAsync(Socket client, Stream down)
    {
        client.Shutdown(SocketShutdown.Send);
        var drain = new byte[4096];
        while (await down.ReadAsync(drain, _stop.Token) > 0)
        {
        }
    }
}
