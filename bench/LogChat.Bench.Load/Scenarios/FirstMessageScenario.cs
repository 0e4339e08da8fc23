using System.Collections.Concurrent;
using System.Diagnostics;
using LogChat.Bench.Load.Cli;
using LogChat.Bench.Load.Coordinator;
using LogChat.Bench.Load.Reporting;
using LogChat.Client.Coordinator;
using LogChat.Client.Peer;
using LogChat.Protocol.Coordinator.V1;
using LogChat.Protocol.Peer;

namespace LogChat.Bench.Load.Scenarios;

/// <summary>
/// From RequestChat to the first decrypted message at the other client: the whole path a user waits for
/// (coordinator introduction, host listener with a fresh certificate, TLS, handshake, first sealed frame).
/// </summary>
public static class FirstMessageScenario
{
    private const double TargetP50Milliseconds = 50;
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(30);

    public static async Task RunAsync(BenchArguments args, BenchEnvironment env, CancellationToken cancellationToken)
    {
        var runs = args.Number("runs", 100);
        var progress = new ProgressLine("first-message");
        var report = new ResultReport("first-message", "RequestChat to the first decrypted message at the other client");
        report.Setup($"arguments: `{args.Describe()}`");
        report.Setup("the initiator can accept inbound connections and hosts: on SessionInfo(HOST) it starts a PeerListener, reports HostReady, handshakes and sends one message; the responder accepts at once, dials on SessionInfo(DIAL) and the clock stops when it has decrypted that message");
        report.Setup("target (issue 5): p50 under 50 ms on loopback");

        using var channel = BenchChannels.Create(env.Gateway);
        var suffix = Guid.NewGuid().ToString("N")[..8];
        using var hostIdentity = IdentityKeyPair.Generate();
        using var dialerIdentity = IdentityKeyPair.Generate();
        var hostUser = await Registration.RegisterAsync(channel, "fm-host-" + suffix, hostIdentity, cancellationToken);
        var dialerUser = await Registration.RegisterAsync(channel, "fm-dial-" + suffix, dialerIdentity, cancellationToken);
        await using var initiator = new ScriptedClient(channel, hostUser);
        await using var responder = new ScriptedClient(channel, dialerUser);
        var hosted = new ConcurrentDictionary<string, Task<PeerConversation>>(StringComparer.Ordinal);
        initiator.OnHost = (info, ct) =>
        {
            var conversation = HostAndGreetAsync(initiator, info, hostIdentity, ct);
            hosted[info.SessionId] = conversation;
            return conversation;
        };
        await initiator.ConnectAsync(cancellationToken);
        await responder.ConnectAsync(cancellationToken);

        var histogram = new LatencyHistogram();
        var errors = 0;
        for (var i = 0; i < runs + 3; i++)
        {
            try
            {
                var elapsed = await RunOnceAsync(initiator, responder, dialerIdentity, hosted, cancellationToken);
                if (i >= 3)
                {
                    histogram.Record(elapsed);
                }
            }
            catch (Exception e) when (e is Grpc.Core.RpcException or TimeoutException or PeerConnectionException)
            {
                errors++;
            }

            progress.Report($"runs: {i + 1}/{runs + 3}, p50 {Figures.Ms(histogram.Milliseconds(50))}, {errors} errors");
        }

        progress.Done($"runs: {histogram.Count}, p50 {Figures.Ms(histogram.Milliseconds(50))}");
        report.Columns("runs", "p50", "p99", "max", "errors", "target");
        report.Row(Figures.Count(histogram.Count), Figures.Ms(histogram.Milliseconds(50)), Figures.Ms(histogram.Milliseconds(99)),
            Figures.Ms(histogram.Milliseconds(100)), Figures.Count(errors + initiator.Failures + responder.Failures),
            Figures.Verdict(histogram.Milliseconds(50) < TargetP50Milliseconds && errors == 0));
        await report.PublishAsync(env.ResultsFolder, cancellationToken);
    }

    private static async Task<TimeSpan> RunOnceAsync(
        ScriptedClient initiator, ScriptedClient responder, IdentityKeyPair dialerIdentity,
        ConcurrentDictionary<string, Task<PeerConversation>> hosted, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        var sessionId = await initiator.RequestChatAsync(responder.User.Username, cancellationToken);
        var info = (await responder.DialInfoAsync(sessionId).WaitAsync(StepTimeout, cancellationToken)).SessionInfo;
        var dialer = await PeerConnector.DialAsync(
            Introduction(info), new HostEndpoint(info.HostAddress, (int)info.HostPort, info.HostCertificateSha256.ToByteArray()),
            responder.User.UserId, dialerIdentity, PeerOptions.Default, cancellationToken);
        await using (dialer)
        {
            await dialer.Incoming.ReadAsync(cancellationToken).AsTask().WaitAsync(StepTimeout, cancellationToken);
            var elapsed = Stopwatch.GetElapsedTime(start);
            await dialer.CloseAsync(cancellationToken);
            if (hosted.TryRemove(sessionId, out var host))
            {
                var conversation = await host;
                await conversation.Ended.WaitAsync(StepTimeout, cancellationToken);
                await conversation.DisposeAsync();
            }

            await initiator.EndSessionAsync(sessionId, cancellationToken);
            await Task.WhenAll(initiator.EndedAsync(sessionId), responder.EndedAsync(sessionId)).WaitAsync(StepTimeout, cancellationToken);
            initiator.Forget(sessionId);
            responder.Forget(sessionId);
            return elapsed;
        }
    }

    private static async Task<PeerConversation> HostAndGreetAsync(ScriptedClient host, SessionInfo info, IdentityKeyPair identity, CancellationToken cancellationToken)
    {
        var conversation = await PeerConnector.HostAsync(
            Introduction(info), host.User.UserId, identity, PeerOptions.Default,
            (port, fingerprint, ct) => host.ReportHostReadyAsync(info.SessionId, port, fingerprint, ct),
            cancellationToken);
        await conversation.SendTextAsync("hello", cancellationToken);
        return conversation;
    }

    private static PeerIntroduction Introduction(SessionInfo info) =>
        new(CoordinatorWire.ReadSessionId(info.SessionId), CoordinatorWire.ReadUserId(info.PeerUserId), info.PeerUsername, info.PeerIdentityKey.PublicKey.ToByteArray());
}
