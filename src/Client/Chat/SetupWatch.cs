using LogChat.Client.Coordinator;
using LogChat.Client.Peer;
using LogChat.Client.Sessions;
using LogChat.Protocol.Sessions;

namespace LogChat.Client.Chat;

/// <summary>
/// Reads the coordinator's events while one chat is being connected: the chat's end (a dialler that could not connect
/// ends the host's wait at once), its <see cref="PunchGo"/> and <see cref="RelayGo"/>, and other users' requests, declined as busy. Its
/// <see cref="Token"/> is cancelled when the coordinator ends the chat.
/// </summary>
internal sealed class SetupWatch : IAsyncDisposable
{
    private readonly CancellationTokenSource _connecting;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource<(PunchGo Go, DateTimeOffset ReceivedAt)> _punchGo = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<RelayGo> _relayGo = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _reading = Task.CompletedTask;

    private SetupWatch(CancellationToken cancellationToken)
    {
        _connecting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
    }

    /// <summary>Cancelled when the caller cancels or the coordinator ends the chat.</summary>
    public CancellationToken Token => _connecting.Token;

    /// <summary>The coordinator's end of the chat, once it came.</summary>
    public SessionEndedNotice? Ended { get; private set; }

    /// <summary>The chat's <see cref="PunchGo"/> and when it arrived.</summary>
    public Task<(PunchGo Go, DateTimeOffset ReceivedAt)> PunchGoAsync => _punchGo.Task;

    /// <summary>The chat's <see cref="RelayGo"/>: the session goes through a relay. Cancelled once the watch stops.</summary>
    public Task<RelayGo> RelayGoAsync => _relayGo.Task;

    public static SetupWatch Start(ServerEventFeed events, SessionId sessionId, ChatClient client, CancellationToken cancellationToken)
    {
        var watch = new SetupWatch(cancellationToken);
        watch._reading = Task.Run(() => watch.ReadAsync(events, sessionId, client), CancellationToken.None);
        return watch;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _reading.ConfigureAwait(false);
        _punchGo.TrySetCanceled();
        _relayGo.TrySetCanceled();
        _stop.Dispose();
        _connecting.Dispose();
    }

    private async Task ReadAsync(ServerEventFeed events, SessionId sessionId, ChatClient client)
    {
        try
        {
            while (await events.Events.WaitToReadAsync(_stop.Token).ConfigureAwait(false))
            {
                while (events.Events.TryRead(out var sessionEvent))
                {
                    switch (sessionEvent)
                    {
                        case SessionEndedNotice ended when ended.SessionId == sessionId:
                            Ended = ended;
                            await _connecting.CancelAsync().ConfigureAwait(false);
                            break;
                        case PunchGo go when go.SessionId == sessionId:
                            _punchGo.TrySetResult((go, DateTimeOffset.UtcNow));
                            break;
                        case RelayGo go when go.SessionId == sessionId:
                            _relayGo.TrySetResult(go);
                            break;
                        case InvalidSessionAssignment invalid when invalid.SessionId == sessionId:
                            _punchGo.TrySetException(new PeerConnectionException(invalid.Problem));
                            _relayGo.TrySetException(new PeerConnectionException(invalid.Problem));
                            break;
                        case ChatRequest when sessionEvent.SessionId != sessionId:
                            await client.DeclineBestEffortAsync(sessionEvent.SessionId, SessionEndReason.Busy).ConfigureAwait(false);
                            break;
                        case InvalidChatRequest when sessionEvent.SessionId != sessionId:
                            await client.DeclineBestEffortAsync(sessionEvent.SessionId, SessionEndReason.Declined).ConfigureAwait(false);
                            break;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // The chat is connected (or failed): the chat session reads the events from here on.
        }
        catch (Exception ex) when (ex is CoordinatorRefusedException or UpgradeRequiredException)
        {
            // The coordinator dropped this login (or no longer serves this release); the connection attempt goes on without it.
        }
    }
}
