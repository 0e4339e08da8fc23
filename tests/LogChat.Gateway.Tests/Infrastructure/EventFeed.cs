using System.Threading.Channels;
using Grpc.Core;
using LogChat.Protocol.Coordinator.V1;

namespace LogChat.Gateway.Tests.Infrastructure;

/// <summary>Reads a Connect stream in the background so a test can wait for the event it expects.</summary>
public sealed class EventFeed : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly AsyncServerStreamingCall<ServerEvent> _call;
    private readonly Channel<ServerEvent> _events = Channel.CreateUnbounded<ServerEvent>();
    private readonly Task _reader;
    private RpcException? _endedWith;

    public EventFeed(AsyncServerStreamingCall<ServerEvent> call)
    {
        _call = call;
        _reader = Task.Run(ReadAsync);
    }

    /// <summary>The next event that matches, skipping others (keep-alives among them).</summary>
    public async Task<ServerEvent> NextAsync(Func<ServerEvent, bool> match)
    {
        using var deadline = new CancellationTokenSource(Timeout);
        while (true)
        {
            var next = await _events.Reader.ReadAsync(deadline.Token);
            if (match(next))
            {
                return next;
            }
        }
    }

    public async Task<SessionInfo> SessionInfoAsync(string sessionId) =>
        (await NextAsync(e => e.SessionInfo?.SessionId == sessionId)).SessionInfo;

    public async Task<SessionEnded> SessionEndedAsync(string sessionId) =>
        (await NextAsync(e => e.SessionEnded?.SessionId == sessionId)).SessionEnded;

    public async Task<ChatRequested> ChatRequestedAsync(string sessionId) =>
        (await NextAsync(e => e.ChatRequested?.SessionId == sessionId)).ChatRequested;

    /// <summary>Waits for the stream to end and returns the status it ended with (OK when it simply ended).</summary>
    public async Task<Status> EndAsync()
    {
        await _reader.WaitAsync(Timeout);
        return _endedWith?.Status ?? Status.DefaultSuccess;
    }

    public async ValueTask DisposeAsync()
    {
        _call.Dispose();
        await _reader;
    }

    private async Task ReadAsync()
    {
        try
        {
            await foreach (var serverEvent in _call.ResponseStream.ReadAllAsync())
            {
                await _events.Writer.WriteAsync(serverEvent);
            }
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled)
        {
            // The test closed the stream.
        }
        catch (ObjectDisposedException)
        {
            // The test closed the stream between two reads.
        }
        catch (RpcException e)
        {
            // The gateway ended the stream (EndAsync tells how).
            _endedWith = e;
        }
        finally
        {
            _events.Writer.TryComplete();
        }
    }
}
