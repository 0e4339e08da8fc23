using System.Net;
using LogChat.Protocol.Relay;
using LogChat.Protocol.Sessions;
using LogChat.Relay.Forwarding;
using LogChat.Relay.Hosting;
using LogChat.Relay.Pairing;
using LogChat.Relay.Telemetry;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;

namespace LogChat.Relay.Connections;

/// <summary>
/// One connection on the relay port (or, forwarded by another process of this relay, on the forward port): the address
/// limit, the ticket, then a one-byte refusal and a close, a forward to the process that pairs the session, or a wait
/// for the session's other side and the copy. Nothing a refused connection sends reaches anyone,
/// and no payload byte or ticket MAC is ever logged.
/// </summary>
internal sealed partial class RelayConnectionHandler(
    RelaySessions sessions,
    AddressLimiter addresses,
    RelayPeers peers,
    SessionForwarder forwarder,
    RelayTicketKeyring keyring,
    IOptions<RelayOptions> options,
    RelayMetrics metrics,
    TimeProvider time,
    ILogger<RelayConnectionHandler> logger) : ConnectionHandler
{
    private readonly RelayOptions _options = options.Value;

    public override Task OnConnectedAsync(ConnectionContext connection) => ServeAsync(connection, fromPeer: false);

    /// <summary>
    /// Serves one connection. A client's (<paramref name="fromPeer"/> false) counts against its address and is forwarded
    /// when another process of this relay pairs its session; one a peer process forwarded is paired here, whatever this
    /// process would have chosen, so that a side is never passed on twice.
    /// </summary>
    public async Task ServeAsync(ConnectionContext connection, bool fromPeer)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (sessions.IsDraining)
        {
            await RefuseAsync(connection, RelayRefusal.Draining).ConfigureAwait(false);
            return;
        }

        using var lease = fromPeer ? null : addresses.TryAcquire(connection.RemoteEndPoint);
        if (!fromPeer && lease is null)
        {
            await RefuseAsync(connection, RelayRefusal.AddressLimit).ConfigureAwait(false);
            return;
        }

        var (ticketBytes, verified) = await ReadTicketAsync(connection).ConfigureAwait(false);
        if (verified?.Ticket is not { } ticket)
        {
            await RefuseAsync(connection, verified?.Refusal ?? RelayRefusal.Malformed).ConfigureAwait(false);
            return;
        }

        if (!fromPeer && peers.OwnerOf(ticket.SessionId) is { } owner)
        {
            await ForwardAsync(connection, owner, ticketBytes!).ConfigureAwait(false);
            return;
        }

        var join = sessions.Join(ticket, verified.Mac.Span, connection);
        if (join.Refusal != RelayRefusal.None)
        {
            await RefuseAsync(connection, join.Refusal).ConfigureAwait(false);
        }
        else if (join.Completed)
        {
            await RunPairAsync(join.Session!, connection).ConfigureAwait(false);
        }
        else
        {
            await WaitForPeerAsync(join.Session!, connection).ConfigureAwait(false);
        }
    }

    private async Task<(byte[]? Bytes, RelayTicketVerification? Verified)> ReadTicketAsync(ConnectionContext connection)
    {
        byte[]? ticketBytes;
        using (var timeout = new CancellationTokenSource(_options.TicketTimeout, time))
        using (var reading = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, connection.ConnectionClosed))
        {
            try
            {
                ticketBytes = await TicketReader.ReadAsync(connection.Transport.Input, reading.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException)
            {
                ticketBytes = null;
            }
        }

        return ticketBytes is null ? (null, null) : (ticketBytes, RelayTicketCodec.Verify(ticketBytes, keyring, _options.Id, time.GetUtcNow()));
    }

    // Only a verified ticket is passed on, so a forward port reached by anyone still pairs only what the coordinator granted.
    private async Task ForwardAsync(ConnectionContext connection, IPAddress owner, byte[] ticket)
    {
        var socket = await forwarder.ConnectAsync(owner, ticket, connection.ConnectionClosed).ConfigureAwait(false);
        if (socket is null)
        {
            await RefuseAsync(connection, RelayRefusal.Unreachable).ConfigureAwait(false);
            return;
        }

        metrics.Forwarded();
        await SessionForwarder.SpliceAsync(connection, socket).ConfigureAwait(false);
    }

    private async Task WaitForPeerAsync(RelaySession session, ConnectionContext connection)
    {
        RelayRefusal answer;
        try
        {
            answer = await session.Answer.Task.WaitAsync(_options.PairingWindow, time, connection.ConnectionClosed).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            if (!sessions.Abandon(session))
            {
                // The peer arrived in the same instant: the pair runs after all.
                await session.Finished.Task.ConfigureAwait(false);
                return;
            }

            if (e is TimeoutException)
            {
                await RefuseAsync(connection, RelayRefusal.NoPeer).ConfigureAwait(false);
            }

            return;
        }

        if (answer != RelayRefusal.None)
        {
            await RefuseAsync(connection, answer).ConfigureAwait(false);
            return;
        }

        await session.Finished.Task.ConfigureAwait(false);
    }

    private async Task RunPairAsync(RelaySession session, ConnectionContext connection)
    {
        using var pair = new RelayPair(session.First, connection, _options, metrics, time);
        sessions.Attach(session, pair);
        LogPaired(session.Id);
        var started = time.GetTimestamp();
        PairEnd end;
        try
        {
            // Both answers are written before either side's bytes are copied, so each side reads its 0x00 first.
            await AcceptAsync(session.First, connection).ConfigureAwait(false);
            session.Answer.TrySetResult(RelayRefusal.None);
            end = await pair.RunAsync().ConfigureAwait(false);
        }
        finally
        {
            session.Answer.TrySetResult(RelayRefusal.None);
            sessions.Finish(session);
            session.Finished.TrySetResult();
        }

        metrics.PairEnded(end);
        var bytes = pair.Bytes;
        var lasted = time.GetElapsedTime(started);
        LogPairEnded(session.Id, end, bytes, lasted);
    }

    private static async Task AcceptAsync(ConnectionContext first, ConnectionContext second)
    {
        foreach (var connection in new[] { first, second })
        {
            connection.Transport.Output.GetSpan(1)[0] = (byte)RelayRefusal.None;
            connection.Transport.Output.Advance(1);
        }

        try
        {
            await Task.WhenAll(first.Transport.Output.FlushAsync().AsTask(), second.Transport.Output.FlushAsync().AsTask()).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or InvalidOperationException)
        {
            // A side that went away meanwhile: the copy sees it closed and ends the pair.
        }
    }

    private async Task RefuseAsync(ConnectionContext connection, RelayRefusal refusal)
    {
        metrics.Refused(refusal);
        LogRefused(refusal);
        try
        {
            connection.Transport.Output.GetSpan(1)[0] = (byte)refusal;
            connection.Transport.Output.Advance(1);
            await connection.Transport.Output.FlushAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or InvalidOperationException)
        {
            // The client is gone already; the connection closes either way.
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Refused a connection: {Reason}")]
    private partial void LogRefused(RelayRefusal reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Paired session {SessionId}")]
    private partial void LogPaired(SessionId sessionId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pair of session {SessionId} ended ({Reason}) after {Bytes} bytes in {Duration}")]
    private partial void LogPairEnded(SessionId sessionId, PairEnd reason, long bytes, TimeSpan duration);
}
