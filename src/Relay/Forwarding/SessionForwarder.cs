using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using LogChat.Protocol.Relay;
using LogChat.Relay.Hosting;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;

namespace LogChat.Relay.Forwarding;

/// <summary>
/// Hands a client's side of a session to the process that pairs it: connects to that process's forward port, sends
/// the ticket again (the owner verifies it itself), then copies bytes both ways unchanged, the owner's one-byte answer
/// included, until the owner ends the pair or the client goes away.
/// </summary>
internal sealed partial class SessionForwarder(IOptions<RelayOptions> options, ILogger<SessionForwarder> logger)
{
    private readonly RelayOptions _options = options.Value;

    /// <summary>A connection to <paramref name="owner"/> with the ticket sent, or null when the owner cannot be reached.</summary>
    public async Task<Socket?> ConnectAsync(IPAddress owner, byte[] ticket, CancellationToken cancellationToken)
    {
        var socket = new Socket(owner.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.TicketTimeout);
            await socket.ConnectAsync(new IPEndPoint(owner, _options.ForwardPort), timeout.Token).ConfigureAwait(false);
            await socket.SendAsync(RelayWire.Frame(ticket), timeout.Token).ConfigureAwait(false);
            return socket;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            socket.Dispose();
            LogUnreachable(owner);
            return null;
        }
    }

    /// <summary>Copies both ways between <paramref name="client"/> and <paramref name="owner"/> until the owner closes.</summary>
    public static async Task SpliceAsync(ConnectionContext client, Socket owner)
    {
        ArgumentNullException.ThrowIfNull(client);
        var stream = new NetworkStream(owner, ownsSocket: true);
        await using (stream.ConfigureAwait(false))
        {
            using var stop = new CancellationTokenSource();
            var up = CopyUpAsync(client.Transport.Input, stream, owner, stop.Token);
            try
            {
                // The owner decides when the pair ends (a side closing, a limit, a drain) and closes this connection.
                await stream.CopyToAsync(client.Transport.Output, stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or InvalidOperationException)
            {
                // The owner went away, or the client did: either way the splice is over.
            }

            await client.Transport.Output.CompleteAsync().ConfigureAwait(false);
            await stop.CancelAsync().ConfigureAwait(false);
            await up.ConfigureAwait(false);
        }
    }

    // The client's bytes to the owner; when the client stops sending, the owner hears it as that side closing.
    private static async Task CopyUpAsync(PipeReader client, NetworkStream owner, Socket socket, CancellationToken cancellationToken)
    {
        try
        {
            await client.CopyToAsync(owner, cancellationToken).ConfigureAwait(false);
            socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            // The splice is ending from the other direction.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not reach the relay process {Owner} that pairs a session; refused the side as unreachable")]
    private partial void LogUnreachable(IPAddress owner);
}
