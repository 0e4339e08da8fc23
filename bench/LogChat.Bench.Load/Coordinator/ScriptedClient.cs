using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using Google.Protobuf;
using Grpc.Net.Client;
using LogChat.Client.Peer;
using LogChat.Protocol.Coordinator.V1;
using CoordinatorClient = LogChat.Protocol.Coordinator.V1.Coordinator.CoordinatorClient;

namespace LogChat.Bench.Load.Coordinator;

/// <summary>
/// A client that answers its events at once, as the scripted clients do: it accepts every chat
/// request and, as host, reports HostReady immediately (with a dummy port and fingerprint unless
/// <see cref="OnHost"/> runs a real listener). Waiters see the dialler's SessionInfo and every SessionEnded.
/// </summary>
public sealed class ScriptedClient(GrpcChannel channel, BenchUser user) : IAsyncDisposable
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);
    private readonly CoordinatorClient _client = new(channel);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<ServerEvent>> _waiters = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(SetupMark, string), long> _marks = new();
    private EventFeed? _stream;
    private PeerListener? _listener;

    public BenchUser User { get; } = user;

    /// <summary>Runs when this client is told to host; the default reports a dummy listener at once.</summary>
    public Func<SessionInfo, CancellationToken, Task>? OnHost { get; set; }

    /// <summary>Failures of automatic answers (accept, host ready), counted rather than thrown.</summary>
    public int Failures => _failures;

    private int _failures;

    /// <summary>
    /// Has the coordinator measure this client as a real one does: a listener of the client library, dialled back by the
    /// gateway with a fresh nonce. A reachable client is chosen as host when it initiates; one never measured is not.
    /// </summary>
    public async Task MakeReachableAsync(CancellationToken cancellationToken)
    {
        _listener ??= await PeerListener.StartAsync(IPAddress.Loopback, 0, cancellationToken);
        var nonce = RandomNumberGenerator.GetBytes(32);
        using var expected = _listener.ExpectProbe(nonce);
        var measured = await _client.CheckReachabilityAsync(
            new CheckReachabilityRequest { Port = (uint)_listener.Port, Nonce = ByteString.CopyFrom(nonce) }, User.Options(cancellationToken, CallTimeout));
        if (!measured.Reachable)
        {
            throw new InvalidOperationException($"the gateway could not dial {User.Username}'s listener back: {measured.Detail}");
        }
    }

    public async Task ConnectAsync(CancellationToken cancellationToken) =>
        _stream = await EventFeed.OpenAsync(channel, User, HandleAsync, CallTimeout, cancellationToken);

    public async Task DisconnectAsync()
    {
        if (_stream is { } stream)
        {
            _stream = null;
            await stream.DisposeAsync();
        }
    }

    public async Task<string> RequestChatAsync(string peer, CancellationToken cancellationToken) =>
        (await _client.RequestChatAsync(new RequestChatRequest { Username = peer }, User.Options(cancellationToken, CallTimeout))).SessionId;

    public async Task EndSessionAsync(string sessionId, CancellationToken cancellationToken) =>
        await _client.EndSessionAsync(new EndSessionRequest { SessionId = sessionId, Reason = EndReason.Completed }, User.Options(cancellationToken, CallTimeout));

    public async Task ReportHostReadyAsync(string sessionId, int port, byte[] certificateSha256, CancellationToken cancellationToken) =>
        await _client.ReportHostReadyAsync(
            new ReportHostReadyRequest { SessionId = sessionId, Port = (uint)port, CertificateSha256 = ByteString.CopyFrom(certificateSha256) },
            User.Options(cancellationToken, CallTimeout));

    /// <summary>The dialler's SessionInfo for <paramref name="sessionId"/>.</summary>
    public Task<ServerEvent> DialInfoAsync(string sessionId) => Waiter("dial:" + sessionId).Task;

    /// <summary>The SessionEnded event for <paramref name="sessionId"/>.</summary>
    public Task<ServerEvent> EndedAsync(string sessionId) => Waiter("end:" + sessionId).Task;

    /// <summary>When <paramref name="mark"/> happened here for <paramref name="sessionId"/>, if it did.</summary>
    public long? MarkOf(SetupMark mark, string sessionId) => _marks.TryGetValue((mark, sessionId), out var at) ? at : null;

    /// <summary>Drops the waiters and marks of a finished session.</summary>
    public void Forget(string sessionId)
    {
        _waiters.TryRemove("dial:" + sessionId, out _);
        _waiters.TryRemove("end:" + sessionId, out _);
        foreach (var mark in Enum.GetValues<SetupMark>())
        {
            _marks.TryRemove((mark, sessionId), out _);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await DisconnectAsync();
        if (_listener is not null)
        {
            await _listener.DisposeAsync();
        }
    }

    private TaskCompletionSource<ServerEvent> Waiter(string key) =>
        _waiters.GetOrAdd(key, _ => new TaskCompletionSource<ServerEvent>(TaskCreationOptions.RunContinuationsAsynchronously));

    private Task HandleAsync(ServerEvent serverEvent)
    {
        switch (serverEvent.EventCase)
        {
            case ServerEvent.EventOneofCase.ChatRequested:
                var requested = serverEvent.ChatRequested.SessionId;
                Mark(SetupMark.ChatRequested, requested);
                Answer(requested, SetupMark.AcceptSent, SetupMark.AcceptAnswered, () => _client.AcceptChatAsync(
                    new AcceptChatRequest { SessionId = requested }, User.Options(CancellationToken.None, CallTimeout)).ResponseAsync);
                break;
            case ServerEvent.EventOneofCase.SessionInfo when serverEvent.SessionInfo.Role == SessionRole.Host:
                var info = serverEvent.SessionInfo;
                Mark(SetupMark.HostInfo, info.SessionId);
                Answer(info.SessionId, SetupMark.HostReadySent, SetupMark.HostReadyAnswered, () => OnHost is { } host
                    ? host(info, CancellationToken.None)
                    : ReportHostReadyAsync(info.SessionId, 9, RandomNumberGenerator.GetBytes(32), CancellationToken.None));
                break;
            case ServerEvent.EventOneofCase.SessionInfo:
                Mark(SetupMark.DialInfo, serverEvent.SessionInfo.SessionId);
                Waiter("dial:" + serverEvent.SessionInfo.SessionId).TrySetResult(serverEvent);
                break;
            case ServerEvent.EventOneofCase.SessionEnded:
                Waiter("end:" + serverEvent.SessionEnded.SessionId).TrySetResult(serverEvent);
                break;
        }

        return Task.CompletedTask;
    }

    private void Mark(SetupMark mark, string sessionId) => _marks[(mark, sessionId)] = Stopwatch.GetTimestamp();

    /// <summary>Answers off the reading loop, so a slow answer never holds up the next event; notes when it was sent and answered.</summary>
    private void Answer(string sessionId, SetupMark sent, SetupMark answered, Func<Task> answer) =>
        _ = Task.Run(async () =>
        {
            try
            {
                Mark(sent, sessionId);
                await answer();
                Mark(answered, sessionId);
            }
            catch (Exception e) when (e is Grpc.Core.RpcException or OperationCanceledException or InvalidOperationException or IOException)
            {
                Interlocked.Increment(ref _failures);
            }
        });
}
