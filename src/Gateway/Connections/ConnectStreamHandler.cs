using Grpc.Core;
using LogChat.Gateway.Hosting;
using LogChat.Grains;
using LogChat.Grains.Auth;
using LogChat.Grains.Errors;
using LogChat.Grains.Presence;
using LogChat.Protocol.Coordinator.V1;
using Microsoft.Extensions.Options;

namespace LogChat.Gateway.Connections;

/// <summary>
/// Serves one Connect stream: registers it with the user's presence, writes its events (keep-alives among them,
/// queued by <see cref="KeepAliveTicker"/>) and unregisters it.
/// </summary>
public sealed partial class ConnectStreamHandler(
    ClientConnectionRegistry streams,
    GatewayIdentity gateway,
    GatewayDrain drain,
    GrainReferences grains,
    IOptions<GatewayOptions> options,
    ILogger<ConnectStreamHandler> logger)
{
    /// <summary>Serves the stream of <paramref name="caller"/>, opened with the token <paramref name="tokenId"/>, until it ends.</summary>
    public async Task RunAsync(Caller caller, Guid tokenId, IServerStreamWriter<ServerEvent> output, CancellationToken callEnded)
    {
        if (drain.IsDraining)
        {
            throw CoordinatorException.Unavailable("this gateway is shutting down: connect to another one");
        }

        using var abort = CancellationTokenSource.CreateLinkedTokenSource(callEnded);
        var stream = new ClientConnection(Guid.NewGuid(), caller.UserId, new StreamToken(tokenId, caller.TokenExpiresAt), abort);
        streams.Add(stream);
        try
        {
            await Presence(stream).Connect(stream.ConnectionId, gateway.Reference, gateway.GatewayId, stream.Token);
            var keepAlive = options.Value.KeepAliveInterval;
            await output.WriteAsync(new ServerEvent
            {
                Connected = new Connected { UserId = caller.UserId.ToString(), KeepAliveIntervalMs = (uint)keepAlive.TotalMilliseconds },
            }, abort.Token);

            // The pump, inline: a separate async method would keep a second frame alive for every idle stream.
            while (await stream.WaitToReadAsync())
            {
                while (stream.TryRead(out var serverEvent))
                {
                    await output.WriteAsync(serverEvent, abort.Token);
                }
            }

            // The queue ends when the stream was closed and drained, or aborted: the client left or was too slow. A
            // client leaving is how every stream ends, so it is returned from rather than thrown (an exception there
            // cost ten throws through the async frames of the handler, the interceptor and gRPC on every disconnect).
            if (Refusal(stream) is { } refusal)
            {
                throw refusal;
            }
        }
        catch (OperationCanceledException) when (Refusal(stream) is { } refusal)
        {
            throw refusal;
        }
        finally
        {
            streams.Remove(stream.ConnectionId);
            await DisconnectAsync(stream);
        }
    }

    // Asked for when needed rather than kept: an idle stream's frame would hold the grain reference all along.
    private IPresenceGrain Presence(ClientConnection stream) => grains.Get<IPresenceGrain>(stream.UserId);

    private async Task DisconnectAsync(ClientConnection stream)
    {
        try
        {
            await Presence(stream).Disconnect(stream.ConnectionId);
        }
        catch (Exception e) when (e is TimeoutException or OrleansException)
        {
            LogDisconnectFailed(e);
        }
    }

    // Why the gateway ended the stream, when it did: its token no longer holds, or the client was too slow.
    private CoordinatorException? Refusal(ClientConnection stream) =>
        stream.RevokedBecause is { } reason ? CoordinatorException.Unauthenticated(reason)
        : stream.Overflowed ? TooSlow()
        : null;

    // Not a cancellation by the client: said so in the log and in the rejected-calls metric. The client itself sees a
    // reset stream, since no status can pass the writes it left stuck in flow control.
    private CoordinatorException TooSlow()
    {
        LogTooSlow(ClientConnection.MaxQueuedEvents);
        return CoordinatorException.ResourceExhausted(
            $"more than {ClientConnection.MaxQueuedEvents} events were waiting for this client: disconnected for not reading its stream");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Disconnected a client that left more than {MaxQueued} events unread")]
    private partial void LogTooSlow(int maxQueued);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unregistering a closed Connect stream failed; its lease will expire instead")]
    private partial void LogDisconnectFailed(Exception exception);
}
