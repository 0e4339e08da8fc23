using Grpc.Core;
using Grpc.Net.Client;
using LogChat.Protocol.Coordinator.V1;
using CoordinatorClient = LogChat.Protocol.Coordinator.V1.Coordinator.CoordinatorClient;

namespace LogChat.Bench.Load.Coordinator;

/// <summary>
/// One user's open Connect stream: opened and confirmed by its <c>connected</c> event, then read to the end
/// in the background, each event handed to an optional handler. Disposing closes it.
/// </summary>
public sealed class EventFeed : IAsyncDisposable
{
    private readonly AsyncServerStreamingCall<ServerEvent> _call;
    private readonly CancellationTokenSource _close;
    private readonly Func<ServerEvent, Task>? _handler;
    private Task _reading = Task.CompletedTask;

    private EventFeed(AsyncServerStreamingCall<ServerEvent> call, CancellationTokenSource close, Func<ServerEvent, Task>? handler)
    {
        _call = call;
        _close = close;
        _handler = handler;
    }

    /// <summary>Completes when the gateway ends the stream or the stream breaks; never faults.</summary>
    public Task Ended => _reading;

    /// <summary>Opens the stream and waits (at most <paramref name="timeout"/>) for its first event.</summary>
    public static async Task<EventFeed> OpenAsync(GrpcChannel channel, BenchUser user, Func<ServerEvent, Task>? handler, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var close = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var call = new CoordinatorClient(channel).Connect(new ConnectRequest(), user.Options(close.Token));
        var stream = new EventFeed(call, close, handler);
        try
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(close.Token);
            wait.CancelAfter(timeout);
            if (!await call.ResponseStream.MoveNext(wait.Token) || call.ResponseStream.Current.EventCase != ServerEvent.EventOneofCase.Connected)
            {
                throw new InvalidOperationException($"{user.Username}: the stream did not start with a connected event");
            }
        }
        catch
        {
            await stream.DisposeAsync();
            throw;
        }

        stream._reading = Task.Run(stream.ReadAsync, CancellationToken.None);
        return stream;
    }

    public async ValueTask DisposeAsync()
    {
        await _close.CancelAsync();
        await _reading;
        _call.Dispose();
        _close.Dispose();
    }

    private async Task ReadAsync()
    {
        try
        {
            while (await _call.ResponseStream.MoveNext(_close.Token))
            {
                if (_handler is not null)
                {
                    await _handler(_call.ResponseStream.Current);
                }
            }
        }
        catch (Exception e) when (e is RpcException or OperationCanceledException or IOException)
        {
            // Closed by us, or broken: Ended tells either way.
        }
    }
}
