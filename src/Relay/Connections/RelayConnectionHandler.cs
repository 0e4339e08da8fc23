using LogChat.Protocol.Relay;
using LogChat.Protocol.Sessions;
using LogChat.Relay.Hosting;
using LogChat.Relay.Pairing;
using LogChat.Relay.Telemetry;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;

namespace LogChat.Relay.Connections;

/// <summary>
/// One client connection on the relay port: the address limit, the ticket, then either a one-byte refusal and a
/// close, or a wait for the session's other side and the copy. Nothing a refused connection sends reaches anyone,
/// and no payload byte or ticket MAC is ever logged.
/// </summary>
internal sealed partial class RelayConnectionHandler(
    RelaySessions sessions,
    AddressLimiter addresses,
    RelayTicketKeyring keyring,
    IOptions<RelayOptions> options,
    RelayMetrics metrics,
    TimeProvider time,
    ILogger<RelayConnectionHandler> logger) : ConnectionHandler
{
    private readonly RelayOptions _options = options.Value;

    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (sessions.IsDraining)
        {
            await RefuseAsync(connection, RelayRefusal.Draining).ConfigureAwait(false);
            return;
        }

        using var lease = addresses.TryAcquire(connection.RemoteEndPoint);
        if (lease is null)
        {
            await RefuseAsync(connection, RelayRefusal.AddressLimit).ConfigureAwait(false);
            return;
        }

        var join = await JoinAsync(connection).ConfigureAwait(false);
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

    private async Task<JoinResult> JoinAsync(ConnectionContext connection)
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

        if (ticketBytes is null)
        {
            return JoinResult.Refused(RelayRefusal.Malformed);
        }

        var verified = RelayTicketCodec.Verify(ticketBytes, keyring, _options.Id, time.GetUtcNow());
        return verified.Ticket is { } ticket
            ? sessions.Join(ticket, verified.Mac.Span, connection)
            : JoinResult.Refused(verified.Refusal);
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
