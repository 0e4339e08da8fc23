using System.Threading.Channels;
using Grpc.Core;
using LogChat.Protocol.Coordinator.V1;

namespace LogChat.Client.Coordinator;

/// <summary>
/// The user's <c>Connect</c> stream, kept open: when it breaks (a gateway restarts or the network drops)
/// it is reopened after a jittered, growing delay. Keep-alives are consumed here; every other event is
/// passed on through <see cref="Events"/>. Only a refused token stops it for good.
/// </summary>
public sealed class ServerEventFeed : IAsyncDisposable
{
    private readonly Func<CancellationToken, AsyncServerStreamingCall<ServerEvent>> _connect;
    private readonly Func<CancellationToken, Task> _beforeConnect;
    private readonly ReconnectBackoff _backoff;
    private readonly Channel<ServerEvent> _events = Channel.CreateUnbounded<ServerEvent>(new UnboundedChannelOptions { SingleWriter = true });
    private readonly TaskCompletionSource _firstConnected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

    internal ServerEventFeed(
        Func<CancellationToken, AsyncServerStreamingCall<ServerEvent>> connect,
        Func<CancellationToken, Task> beforeConnect,
        ReconnectBackoff backoff)
    {
        _connect = connect;
        _beforeConnect = beforeConnect;
        _backoff = backoff;
    }

    /// <summary>Status lines for the user ("coordinator unreachable, retrying in 2 s"); never message content.</summary>
    public event Action<string>? StatusChanged;

    /// <summary>Every event but keep-alives, in order, across reconnects.</summary>
    public ChannelReader<ServerEvent> Events => _events.Reader;

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
            try
            {
                await _beforeConnect(cancellationToken).ConfigureAwait(false);
                using var call = _connect(cancellationToken);
                await foreach (var serverEvent in call.ResponseStream.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                {
                    await AcceptAsync(serverEvent, cancellationToken).ConfigureAwait(false);
                }

                StatusChanged?.Invoke("The coordinator closed the event stream; reconnecting.");
            }
            catch (RpcException ex) when (ex.StatusCode is StatusCode.Unauthenticated or StatusCode.PermissionDenied)
            {
                var failure = new CoordinatorRefusedException($"The coordinator refused this login: {ex.Status.Detail}", ex);
                _firstConnected.TrySetException(failure);
                _events.Writer.TryComplete(failure);
                return;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is RpcException or IOException or HttpRequestException)
            {
                StatusChanged?.Invoke("The coordinator is unreachable.");
            }
            catch (Exception ex) when (cancellationToken.IsCancellationRequested && ex is OperationCanceledException or RpcException)
            {
                break;
            }

            var delay = _backoff.Next();
            StatusChanged?.Invoke($"Reconnecting to the coordinator in {delay.TotalSeconds:0.0} s.");
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

    private async Task AcceptAsync(ServerEvent serverEvent, CancellationToken cancellationToken)
    {
        switch (serverEvent.EventCase)
        {
            case ServerEvent.EventOneofCase.KeepAlive:
                return;
            case ServerEvent.EventOneofCase.Connected:
                _backoff.Reset();
                if (!_firstConnected.TrySetResult())
                {
                    StatusChanged?.Invoke("Reconnected to the coordinator.");
                }

                break;
        }

        await _events.Writer.WriteAsync(serverEvent, cancellationToken).ConfigureAwait(false);
    }
}
