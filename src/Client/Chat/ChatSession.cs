using System.Threading.Channels;
using LogChat.Client.Coordinator;
using LogChat.Client.Keys;
using LogChat.Client.Peer;
using LogChat.Client.Sessions;
using LogChat.Protocol.Peer;
using LogChat.Protocol.Sessions;

namespace LogChat.Client.Chat;

/// <summary>
/// One running chat with one peer. While it runs, other chat requests are declined as busy and the
/// coordinator's word about the session is not needed: the chat lives as long as the peer connection.
/// </summary>
public sealed class ChatSession : IAsyncDisposable
{
    private readonly ChatClient _client;
    private readonly PeerIntroduction _introduction;
    private readonly byte[] _localIdentityKey;
    private readonly PeerConversation _conversation;
    private readonly CancellationTokenSource _stopDeclining = new();
    private readonly Task _declining;
    private readonly Lazy<Task<ConversationEnd>> _finished;

    internal ChatSession(
        ChatClient client,
        PeerIntroduction introduction,
        PinState pinState,
        ConnectionPath path,
        byte[] localIdentityKey,
        PeerConversation conversation,
        ServerEventFeed events)
    {
        Path = path;
        _client = client;
        _introduction = introduction;
        _localIdentityKey = localIdentityKey;
        _conversation = conversation;
        PinState = pinState;
        _declining = Task.Run(() => DeclineOthersAsync(events, _stopDeclining.Token));
        _finished = new Lazy<Task<ConversationEnd>>(FinishAsync);
    }

    /// <summary>The coordinator's id of this session.</summary>
    public SessionId SessionId => _introduction.SessionId;

    /// <summary>Whom this chat is with.</summary>
    public string PeerUsername => _introduction.PeerUsername;

    /// <summary>How the peer's key stood when the chat began: a new contact (pinned by this chat's handshake), pinned earlier, or verified.</summary>
    public PinState PinState { get; }

    /// <summary>How the peers are connected.</summary>
    public ConnectionPath Path { get; }

    /// <summary>The safety number of this user's and the peer's identity keys, to compare out of band.</summary>
    public string SafetyNumberText => SafetyNumber.Compute(_localIdentityKey, _introduction.PeerIdentityKey);

    /// <summary>The peer's messages, in order; completes when the chat ends.</summary>
    public ChannelReader<string> Incoming => _conversation.Incoming;

    /// <summary>Sends one message to the peer.</summary>
    public Task SendAsync(string text, CancellationToken cancellationToken) => _conversation.SendTextAsync(text, cancellationToken);

    /// <summary>Leaves the chat normally.</summary>
    public async Task<ConversationEnd> LeaveAsync(CancellationToken cancellationToken)
    {
        await _conversation.CloseAsync(cancellationToken).ConfigureAwait(false);
        return await CompletionAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Completes when the chat has ended, its keys are gone and the end is reported to the coordinator
    /// (best effort).
    /// </summary>
    public Task<ConversationEnd> CompletionAsync() => _finished.Value;

    public async ValueTask DisposeAsync()
    {
        await _conversation.DisposeAsync().ConfigureAwait(false);
        await CompletionAsync().ConfigureAwait(false);
        _stopDeclining.Dispose();
    }

    private async Task<ConversationEnd> FinishAsync()
    {
        var end = OverTheRelay(await _conversation.Ended.ConfigureAwait(false));
        await _stopDeclining.CancelAsync().ConfigureAwait(false);
        await _declining.ConfigureAwait(false);
        await _client.ReportEndAsync(SessionId, end.Reason).ConfigureAwait(false);
        return end;
    }

    // Over a relay, a lost connection may be the relay's doing (stopped, or at one of its limits): the user is told so.
    private ConversationEnd OverTheRelay(ConversationEnd end) =>
        Path == ConnectionPath.Relayed && end.Reason is SessionEndReason.PeerDisconnected or SessionEndReason.HeartbeatTimeout
            ? end with { Detail = $"{end.Detail} The chat went through the relay, which may have stopped or closed it." }
            : end;

    private async Task DeclineOthersAsync(ServerEventFeed events, CancellationToken cancellationToken)
    {
        try
        {
            while (await events.Events.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (events.Events.TryRead(out var sessionEvent))
                {
                    if (sessionEvent is ChatRequest or InvalidChatRequest && sessionEvent.SessionId != SessionId)
                    {
                        var reason = sessionEvent is ChatRequest ? SessionEndReason.Busy : SessionEndReason.Declined;
                        await _client.DeclineBestEffortAsync(sessionEvent.SessionId, reason).ConfigureAwait(false);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The chat ended; the next reader of the events takes over.
        }
        catch (Exception ex) when (ex is CoordinatorRefusedException or UpgradeRequiredException)
        {
            // The coordinator dropped this login (or no longer serves this release); the peer chat goes on without it.
        }
    }
}
