using System.Text;
using System.Threading.Channels;
using Google.Protobuf;
using LogChat.Client.Sessions;
using LogChat.Protocol.Peer;
using LogChat.Protocol.Peer.V1;

namespace LogChat.Client.Peer;

/// <summary>
/// A running chat over an established <see cref="SecureChannel"/>: sends and receives sealed text,
/// heartbeats both ways, and ends exactly once, for the first reason that arises. When it ends it stops
/// its loops, disposes the channel's keys and then the connection (for a host, its session on the listener).
/// Nothing it receives is stored beyond the <see cref="Incoming"/> queue in memory. A reader of <see cref="Incoming"/>
/// runs on the receive loop until its next await (no thread hand-off per message): a reader that stalls pauses
/// reception, HTTP/2 flow control holds the peer's sends, and the peer's silence meanwhile does not count against the
/// heartbeat window.
/// </summary>
public sealed class PeerConversation : IAsyncDisposable
{
    /// <summary>Machine-readable reason in the Close frame when this user leaves.</summary>
    public const string UserLeftReason = "user_left";

    /// <summary>The most UTF-8 bytes one chat message may hold (peer.proto, ChatText).</summary>
    public const int MaxTextBytes = SecureChannel.MaxChatTextBytes;

    private const string LeftDetail = "You left the chat.";

    private static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(2);

    private readonly SecureChannel _channel;
    private readonly IPeerMessageTransport _transport;
    private readonly IAsyncDisposable _connection;
    private readonly HeartbeatOptions _heartbeat;
    private readonly TimeProvider _time;
    private readonly string _peerName;
    private readonly Channel<string> _incoming = Channel.CreateUnbounded<string>(
        new UnboundedChannelOptions { SingleWriter = true, SingleReader = true, AllowSynchronousContinuations = true });
    private readonly TaskCompletionSource<ConversationEnd> _endRequested = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<ConversationEnd> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);

    // Ciphertext only (never secret), reused under the send lock: a write returns once the message is serialized.
    private readonly byte[] _sealed = new byte[SecureChannel.MaxCiphertextBytes];
    private CancellationTokenSource? _sendLink;
    private CancellationToken _sendLinkCaller;
    private readonly Lock _channelGate = new();
    private long _lastHeard;
    private int _handingOver;
    private int _leaving;
    private bool _channelDisposed;
    private Task _supervisor = Task.CompletedTask;

    private PeerConversation(
        SecureChannel channel,
        IPeerMessageTransport transport,
        IAsyncDisposable connection,
        string peerName,
        HeartbeatOptions heartbeat,
        TimeProvider time)
    {
        _channel = channel;
        _transport = transport;
        _connection = connection;
        _peerName = peerName;
        _heartbeat = heartbeat;
        _time = time;
        _lastHeard = time.GetTimestamp();
    }

    /// <summary>Text messages from the peer, in order; completes when the conversation ends.</summary>
    public ChannelReader<string> Incoming => _incoming.Reader;

    /// <summary>Completes when the conversation has ended and every secret of it is disposed.</summary>
    public Task<ConversationEnd> Ended => _ended.Task;

    /// <summary>
    /// Starts a conversation over a handshaken <paramref name="channel"/>. It takes ownership of the channel
    /// and of <paramref name="connection"/>, and disposes both when it ends.
    /// </summary>
    public static PeerConversation Start(
        SecureChannel channel,
        IPeerMessageTransport transport,
        IAsyncDisposable connection,
        string peerName,
        HeartbeatOptions heartbeat,
        TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(heartbeat);
        var conversation = new PeerConversation(channel, transport, connection, peerName, heartbeat, time ?? TimeProvider.System);
        conversation._supervisor = Task.Run(conversation.SuperviseAsync);
        return conversation;
    }

    /// <summary>Sends one chat message; <see cref="ConversationEndedException"/> once the conversation is over.</summary>
    public async Task SendTextAsync(string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Encoding.UTF8.GetByteCount(text) > MaxTextBytes)
        {
            throw new ArgumentException($"A message may hold at most {MaxTextBytes} bytes of UTF-8.", nameof(text));
        }

        if (!await TrySendAsync(new PeerPayload { Text = new ChatText { Text = text } }, cancellationToken).ConfigureAwait(false))
        {
            throw new ConversationEndedException();
        }
    }

    /// <summary>Leaves the chat: tells the peer, then ends the conversation as completed.</summary>
    public async Task<ConversationEnd> CloseAsync(CancellationToken cancellationToken)
    {
        Volatile.Write(ref _leaving, 1);
        await TrySendAsync(new PeerPayload { Close = new Close { Reason = UserLeftReason } }, cancellationToken).ConfigureAwait(false);
        RequestEnd(SessionEndReason.Completed, LeftDetail);
        return await Ended.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        RequestEnd(SessionEndReason.Completed, "The chat was closed.");
        await _supervisor.ConfigureAwait(false);
        _stop.Dispose();
        _sendLock.Dispose();
    }

    private void RequestEnd(SessionEndReason reason, string detail) => _endRequested.TrySetResult(new ConversationEnd(reason, detail));

    // The connection closed or broke. Once this user is leaving, that is the chat ending as they asked (the peer may
    // have read the close frame and hung up first, or gone at the same moment): not a lost peer.
    private void RequestEndForLostConnection(string detail)
    {
        if (Volatile.Read(ref _leaving) == 1)
        {
            RequestEnd(SessionEndReason.Completed, LeftDetail);
        }
        else
        {
            RequestEnd(SessionEndReason.PeerDisconnected, detail);
        }
    }

    private async Task SuperviseAsync()
    {
        var receiving = Task.Run(() => ReceiveLoopAsync(_stop.Token));
        var heartbeating = Task.Run(() => HeartbeatLoopAsync(_stop.Token));
        var end = await _endRequested.Task.ConfigureAwait(false);

        // After a normal end the peer closes its side too; give that a moment so our Close frame is read
        // before the connection is torn down.
        if (end.IsNormal)
        {
            await Task.WhenAny(receiving, Task.Delay(CloseGrace, _time)).ConfigureAwait(false);
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(receiving, heartbeating).ConfigureAwait(false);
        await _sendLock.WaitAsync().ConfigureAwait(false);
        lock (_channelGate)
        {
            _channelDisposed = true;
            _channel.Dispose();
        }

        _sendLink?.Dispose();
        _sendLink = null;
        _sendLock.Release();
        _incoming.Writer.TryComplete();
        try
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _ended.TrySetResult(end);
        }
    }

    private async Task ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var message = await _transport.ReceiveAsync(cancellationToken).ConfigureAwait(false);
                if (message is null)
                {
                    RequestEndForLostConnection($"The connection to {_peerName} closed.");
                    return;
                }

                if (!Accept(message))
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The conversation is ending.
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException)
        {
            RequestEndForLostConnection($"The connection to {_peerName} broke.");
        }
    }

    /// <summary>Handles one received message; false when it ended the conversation.</summary>
    private bool Accept(PeerMessage message)
    {
        if (message.KindCase != PeerMessage.KindOneofCase.Frame)
        {
            RequestEnd(SessionEndReason.ProtocolError, $"{_peerName} sent a handshake message after the handshake.");
            return false;
        }

        PeerPayload payload;
        try
        {
            lock (_channelGate)
            {
                if (_channelDisposed)
                {
                    return false;
                }

                payload = _channel.Open(message.Frame);
            }
        }
        catch (ProtocolViolationException)
        {
            RequestEnd(SessionEndReason.ProtocolError, $"{_peerName} sent a frame that failed verification (forged, replayed or reordered).");
            return false;
        }

        Interlocked.Exchange(ref _lastHeard, _time.GetTimestamp());
        switch (payload.KindCase)
        {
            case PeerPayload.KindOneofCase.Text:
                Volatile.Write(ref _handingOver, 1);
                _incoming.Writer.TryWrite(payload.Text.Text);
                Interlocked.Exchange(ref _lastHeard, _time.GetTimestamp());
                Volatile.Write(ref _handingOver, 0);
                return true;
            case PeerPayload.KindOneofCase.Close:
                RequestEnd(SessionEndReason.Completed, $"{_peerName} left the chat.");
                return false;
            default:
                // Heartbeats only prove life; kinds this client does not know are ignored by the protocol's rules.
                return true;
        }
    }

    private async Task HeartbeatLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_heartbeat.Interval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                if (Volatile.Read(ref _handingOver) == 0 && _time.GetElapsedTime(Interlocked.Read(ref _lastHeard)) > _heartbeat.Window)
                {
                    RequestEnd(SessionEndReason.HeartbeatTimeout, $"{_peerName} missed the heartbeat window ({_heartbeat.Window.TotalSeconds:0.#} s without a frame).");
                    return;
                }

                await TrySendAsync(new PeerPayload { Heartbeat = new Heartbeat() }, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The conversation is ending.
        }
    }

    /// <summary>Seals and sends as one step under the send lock, so frame counters leave in order.</summary>
    private async Task<bool> TrySendAsync(PeerPayload payload, CancellationToken cancellationToken)
    {
        if (_endRequested.Task.IsCompleted)
        {
            return false;
        }

        try
        {
            // The lock is held only for one write, which the stop cancels: the caller's token is checked once it is ours.
            await _sendLock.WaitAsync(_stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }

        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            var token = SendToken(cancellationToken);
            int length;
            ulong counter;
            lock (_channelGate)
            {
                if (_channelDisposed)
                {
                    return false;
                }

                length = _channel.Seal(payload, _sealed, out counter);
            }

            var frame = new SealedFrame { Counter = counter, Ciphertext = UnsafeByteOperations.UnsafeWrap(_sealed.AsMemory(0, length)) };
            await _transport.SendAsync(new PeerMessage { Frame = frame }, token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or Grpc.Core.RpcException or ObjectDisposedException)
        {
            RequestEndForLostConnection($"The connection to {_peerName} broke.");
            return false;
        }
        finally
        {
            _sendLock.Release();
        }
    }

    // The token a write under the send lock obeys: the stop, and the caller's. The link is kept for the next write of
    // the same caller (a chat view sends every line with one token), so a message costs no new link.
    private CancellationToken SendToken(CancellationToken cancellationToken)
    {
        if (!cancellationToken.CanBeCanceled || cancellationToken == _stop.Token)
        {
            return _stop.Token;
        }

        if (_sendLink is null || _sendLinkCaller != cancellationToken)
        {
            _sendLink?.Dispose();
            _sendLink = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token);
            _sendLinkCaller = cancellationToken;
        }

        return _sendLink.Token;
    }
}
