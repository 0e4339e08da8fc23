using System.Threading.Channels;
using Grpc.Core;
using LogChat.Client.Sessions;
using LogChat.Protocol.Coordinator.V1;
using CoordinatorService = LogChat.Protocol.Coordinator.V1.Coordinator;

namespace LogChat.Client.Coordinator;

/// <summary>
/// The user's <c>Connect</c> stream, kept open across gateways: when it breaks, its gateway answers UNAVAILABLE or
/// sends <c>Draining</c>, the feed moves to the next gateway and reopens it there after a jittered, growing delay
/// (a drained gateway is left at once, without an error). <c>Connected</c>, keep-alives and <c>Draining</c> are consumed
/// here; events about sessions are passed on through <see cref="Events"/> as the client's own types, and one whose
/// session id is malformed is dropped with a status line. Only a refused token, or a coordinator that no longer serves
/// this release, stops it for good.
/// </summary>
public sealed class ServerEventFeed : IAsyncDisposable
{
    private readonly CoordinatorGateways _gateways;
    private readonly Func<CoordinatorService.CoordinatorClient, CancellationToken, AsyncServerStreamingCall<ServerEvent>> _connect;
    private readonly Func<CancellationToken, Task> _beforeConnect;
    private readonly ReconnectBackoff _backoff;
    private readonly Channel<SessionEvent> _events = Channel.CreateUnbounded<SessionEvent>(new UnboundedChannelOptions { SingleWriter = true });
    private readonly TaskCompletionSource _firstConnected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

    internal ServerEventFeed(
        CoordinatorGateways gateways,
        Func<CoordinatorService.CoordinatorClient, CancellationToken, AsyncServerStreamingCall<ServerEvent>> connect,
        Func<CancellationToken, Task> beforeConnect,
        ReconnectBackoff backoff)
    {
        _gateways = gateways;
        _connect = connect;
        _beforeConnect = beforeConnect;
        _backoff = backoff;
    }

    /// <summary>Status lines for the user ("coordinator unreachable, retrying in 2 s"); never message content.</summary>
    public event Action<string>? StatusChanged;

    /// <summary>The events about this user's sessions, in order, across reconnects.</summary>
    public ChannelReader<SessionEvent> Events => _events.Reader;

    /// <summary>Starts connecting in the background.</summary>
    public void Start() => _loop = Task.Run(() => RunAsync(_stop.Token));

    /// <summary>Completes once the first <c>Connected</c> event arrived: the user is online.</summary>
    public Task WaitUntilOnlineAsync(CancellationToken cancellationToken) => _firstConnected.Task.WaitAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping is what was asked for.
        }

        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            GatewayEndpoint? gateway = null;
            var drained = false;
            try
            {
                await _gateways.RefreshIfExhaustedAsync(cancellationToken).ConfigureAwait(false);
                await _beforeConnect(cancellationToken).ConfigureAwait(false);
                (gateway, var client) = _gateways.Current;
                drained = await ReadStreamAsync(gateway, client, cancellationToken).ConfigureAwait(false);
                StatusChanged?.Invoke(drained
                    ? $"The gateway {gateway} is shutting down; moving to another one."
                    : "The coordinator closed the event stream; reconnecting.");
                _gateways.MoveOn(gateway);
            }
            catch (RpcException ex) when (ex.StatusCode is StatusCode.Unauthenticated or StatusCode.PermissionDenied)
            {
                Stop(new CoordinatorRefusedException($"The coordinator refused this login: {ex.Status.Detail}", ex));
                return;
            }
            catch (UpgradeRequiredException ex)
            {
                Stop(ex);
                return;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is RpcException or IOException or HttpRequestException)
            {
                if (ex is not RpcException rpc || GatewayFailure.IsGatewayLoss(rpc))
                {
                    _gateways.MoveOn(gateway);
                }

                StatusChanged?.Invoke(gateway is null ? "The coordinator is unreachable." : $"The coordinator is unreachable through {gateway}.");
            }
            catch (Exception ex) when (cancellationToken.IsCancellationRequested && ex is OperationCanceledException or RpcException)
            {
                break;
            }

            if (drained)
            {
                _backoff.Reset();
            }

            var delay = _backoff.Next();
            if (!drained)
            {
                StatusChanged?.Invoke($"Reconnecting to the coordinator in {delay.TotalSeconds:0.0} s.");
            }

            try
            {
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        _events.Writer.TryComplete();
    }

    private void Stop(Exception failure)
    {
        _firstConnected.TrySetException(failure);
        _events.Writer.TryComplete(failure);
    }

    /// <summary>Passes the stream's events on until it ends; returns whether it ended because the gateway drains.</summary>
    private async Task<bool> ReadStreamAsync(GatewayEndpoint gateway, CoordinatorService.CoordinatorClient client, CancellationToken cancellationToken)
    {
        using var call = _connect(client, cancellationToken);
        await foreach (var serverEvent in call.ResponseStream.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            switch (serverEvent.EventCase)
            {
                case ServerEvent.EventOneofCase.KeepAlive:
                    continue;
                case ServerEvent.EventOneofCase.Draining:
                    return true;
                case ServerEvent.EventOneofCase.Connected:
                    _backoff.Reset();
                    _gateways.Succeeded(gateway);
                    if (!_firstConnected.TrySetResult())
                    {
                        StatusChanged?.Invoke($"Reconnected to the coordinator through {gateway}.");
                    }

                    continue;
            }

            if (ToSessionEvent(serverEvent) is { } sessionEvent)
            {
                await _events.Writer.WriteAsync(sessionEvent, cancellationToken).ConfigureAwait(false);
            }
        }

        return false;
    }

    private SessionEvent? ToSessionEvent(ServerEvent serverEvent)
    {
        try
        {
            return CoordinatorWire.ToSessionEvent(serverEvent);
        }
        catch (CoordinatorProtocolException ex)
        {
            // Without a sound session id the event cannot be answered or matched to a chat; it is dropped, not fatal.
            StatusChanged?.Invoke($"{ex.Message} The event was ignored.");
            return null;
        }
    }
}
