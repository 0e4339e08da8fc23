using System.Net;
using System.Net.Sockets;
using LogChat.Client.Peer.Relay;
using LogChat.Protocol.Relay;
using LogChat.Protocol.Sessions;

namespace LogChat.Relay.Tests.Infrastructure;

/// <summary>Client ends of relay connections, through the client's own connector or as raw sockets.</summary>
internal static class RelaySockets
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>Both sides of a fresh session, paired: (host, dialer).</summary>
    public static async Task<(Socket Host, Socket Dialer)> PairAsync(RelayServer relay)
    {
        var session = new SessionId(Guid.NewGuid());
        var host = ConnectAsync(relay, RelayServer.Ticket(session, RelaySide.Host));
        var dialer = ConnectAsync(relay, RelayServer.Ticket(session, RelaySide.Dialer));
        return (await host, await dialer);
    }

    /// <summary>Connects with <paramref name="ticket"/> through <see cref="RelayConnector"/>.</summary>
    public static async Task<Socket> ConnectAsync(RelayServer relay, byte[] ticket)
    {
        using var timeout = new CancellationTokenSource(Patience);
        return await RelayConnector.ConnectAsync(relay.Endpoint, ticket, timeout.Token);
    }

    /// <summary>The refusal the relay answers <paramref name="ticket"/> with (fails when it pairs instead).</summary>
    public static async Task<RelayRefusal> RefusalAsync(RelayServer relay, byte[] ticket)
    {
        var refused = await Assert.ThrowsAsync<RelayRefusedException>(() => ConnectAsync(relay, ticket));
        return refused.Refusal;
    }

    /// <summary>A plain TCP connection to the relay that has sent nothing yet.</summary>
    public static async Task<Socket> OpenAsync(EndPoint relay)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(relay);
        return socket;
    }

    /// <summary>The relay's one-byte answer on a raw connection.</summary>
    public static async Task<RelayRefusal> AnswerAsync(Socket socket) => (RelayRefusal)(await ReadExactlyAsync(socket, 1))[0];

    /// <summary>Reads exactly <paramref name="count"/> bytes.</summary>
    public static async Task<byte[]> ReadExactlyAsync(Socket socket, int count)
    {
        using var stream = new NetworkStream(socket, ownsSocket: false);
        return await ReadExactlyAsync(stream, count);
    }

    /// <summary>Reads exactly <paramref name="count"/> bytes.</summary>
    public static async Task<byte[]> ReadExactlyAsync(Stream stream, int count)
    {
        var buffer = new byte[count];
        using var timeout = new CancellationTokenSource(Patience);
        await stream.ReadExactlyAsync(buffer, timeout.Token);
        return buffer;
    }

    /// <summary>Reads until the relay closes the connection (an orderly close or a reset); returns how many bytes came.</summary>
    public static async Task<long> ReadUntilClosedAsync(Socket socket)
    {
        var buffer = new byte[64 * 1024];
        using var timeout = new CancellationTokenSource(Patience);
        long total = 0;
        try
        {
            while (true)
            {
                var read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
                if (read == 0)
                {
                    return total;
                }

                total += read;
            }
        }
        catch (SocketException)
        {
            return total;
        }
    }
}
