using System.Diagnostics;
using Grpc.Net.Client;

namespace LogChat.Bench.Load.Coordinator;

/// <summary>
/// Two scripted clients that set up chats: the initiator can accept inbound connections and so hosts,
/// the responder dials. One setup is timed from RequestChat until the dialler holds its SessionInfo.
/// </summary>
public sealed class ChatSetupPair : IAsyncDisposable
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(30);

    private ChatSetupPair(ScriptedClient initiator, ScriptedClient responder)
    {
        Initiator = initiator;
        Responder = responder;
    }

    public ScriptedClient Initiator { get; }

    public ScriptedClient Responder { get; }

    public static async Task<ChatSetupPair> ConnectAsync(GrpcChannel channel, BenchUser initiator, BenchUser responder, CancellationToken cancellationToken)
    {
        var pair = new ChatSetupPair(new ScriptedClient(channel, initiator), new ScriptedClient(channel, responder));
        try
        {
            await pair.Initiator.MakeReachableAsync(cancellationToken);
            await pair.Initiator.ConnectAsync(cancellationToken);
            await pair.Responder.ConnectAsync(cancellationToken);
            return pair;
        }
        catch
        {
            await pair.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Has the gateway measure the initiator's listener again, as a client does before a chat once its measurement is
    /// old: the coordinator believes a measurement for HostSelector.MeasurementLifetime only, after which it finds no
    /// direct path and refuses the request.
    /// </summary>
    public Task MeasureAgainAsync(CancellationToken cancellationToken) => Initiator.MakeReachableAsync(cancellationToken);

    /// <summary>
    /// One chat setup; returns its latency, and records its phases into <paramref name="phases"/> when given. The session
    /// is ended (untimed) before this returns.
    /// </summary>
    public async Task<TimeSpan> SetUpOnceAsync(CancellationToken cancellationToken, SetupPhases? phases = null)
    {
        var start = Stopwatch.GetTimestamp();
        var sessionId = await Initiator.RequestChatAsync(Responder.User.Username, cancellationToken);
        var requestAnswered = Stopwatch.GetTimestamp();
        await Responder.DialInfoAsync(sessionId).WaitAsync(StepTimeout, cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(start);
        await EndAsync(sessionId, cancellationToken, () => phases?.Record(start, requestAnswered, Initiator, Responder, sessionId));
        return elapsed;
    }

    /// <summary>Ends a session as the initiator and waits until both sides were told; <paramref name="beforeForgetting"/> still sees its marks.</summary>
    public async Task EndAsync(string sessionId, CancellationToken cancellationToken, Action? beforeForgetting = null)
    {
        await Initiator.EndSessionAsync(sessionId, cancellationToken);
        await Task.WhenAll(Initiator.EndedAsync(sessionId), Responder.EndedAsync(sessionId)).WaitAsync(StepTimeout, cancellationToken);
        beforeForgetting?.Invoke();
        Initiator.Forget(sessionId);
        Responder.Forget(sessionId);
    }

    /// <summary>Opens both Connect streams again after <see cref="DisconnectAsync"/>.</summary>
    public async Task ReconnectAsync(CancellationToken cancellationToken)
    {
        await Initiator.ConnectAsync(cancellationToken);
        await Responder.ConnectAsync(cancellationToken);
    }

    public async Task DisconnectAsync()
    {
        await Initiator.DisconnectAsync();
        await Responder.DisconnectAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Initiator.DisposeAsync();
        await Responder.DisposeAsync();
    }
}
