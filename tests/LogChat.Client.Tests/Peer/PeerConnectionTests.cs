using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using LogChat.Client.Peer;
using LogChat.Client.Sessions;
using LogChat.Protocol.Sessions;

namespace LogChat.Client.Tests.Peer;

/// <summary>Host and dial modes over real Kestrel and real TLS on loopback.</summary>
public sealed class PeerConnectionTests : IDisposable
{
    private static readonly TimeSpan Patience = PeerTestHosting.Patience;
    private static readonly PeerOptions Fast = PeerTestHosting.Fast;

    private readonly PeerParty _alice = new("alice");
    private readonly PeerParty _bob = new("bob");

    [Fact]
    public async Task Messages_flow_both_ways_over_tls_pinned_to_the_reported_fingerprint()
    {
        var (host, dialer, _) = await ConnectAsync(Fast, Fast);
        await using (host)
        await using (dialer)
        {
            await dialer.SendTextAsync("hello alice", CancellationToken.None);
            await host.SendTextAsync("hello bob", CancellationToken.None);

            Assert.Equal("hello alice", await host.Incoming.ReadAsync().AsTask().WaitAsync(Patience));
            Assert.Equal("hello bob", await dialer.Incoming.ReadAsync().AsTask().WaitAsync(Patience));
        }
    }

    [Fact]
    public async Task Leaving_ends_both_sides_as_completed_and_stops_the_listener()
    {
        var (host, dialer, port) = await ConnectAsync(Fast, Fast);
        await using (host)
        await using (dialer)
        {
            var left = await dialer.CloseAsync(CancellationToken.None).WaitAsync(Patience);
            var hostEnd = await host.Ended.WaitAsync(Patience);

            Assert.Equal(SessionEndReason.Completed, left.Reason);
            Assert.Equal(SessionEndReason.Completed, hostEnd.Reason);
            Assert.Contains("bob left", hostEnd.Detail, StringComparison.Ordinal);
            using var probe = new TcpClient();
            await Assert.ThrowsAsync<SocketException>(() => probe.ConnectAsync(IPAddress.Loopback, port));
        }
    }

    [Fact]
    public async Task A_reader_that_stalls_longer_than_the_heartbeat_window_keeps_the_chat_and_gets_every_message_in_order()
    {
        // A window long against the dialler's 100 ms heartbeats: with 500 ms the host once ended in CI with the dialler
        // alive (the blocked reader holds a pool thread on a loaded 2-core machine, and the runtime adds threads slowly).
        var window = TimeSpan.FromSeconds(2);
        var watchful = Fast with { Heartbeat = new HeartbeatOptions(TimeSpan.FromMilliseconds(50), window) };
        var (host, dialer, _) = await ConnectAsync(watchful, Fast);
        await using (host)
        await using (dialer)
        {
            using var release = new ManualResetEventSlim();
            var firstRead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var stalled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var received = new List<string>();
            var reading = Task.Run(async () =>
            {
                await foreach (var text in host.Incoming.ReadAllAsync())
                {
                    received.Add(text);
                    if (text == "second")
                    {
                        // A reader that blocks: a terminal paused with Ctrl-S, a pipe nobody drains.
                        stalled.SetResult();
                        release.Wait(Patience);
                    }
                    else if (text == "first")
                    {
                        // The reader waits for the next message as soon as this returns, well before "second" can arrive.
                        firstRead.SetResult();
                    }
                }
            });

            await dialer.SendTextAsync("first", CancellationToken.None);
            await firstRead.Task.WaitAsync(Patience);
            await dialer.SendTextAsync("second", CancellationToken.None);
            await stalled.Task.WaitAsync(Patience);
            await dialer.SendTextAsync("third", CancellationToken.None);
            // What must not happen has no event to wait for: two windows of stall, where the old check ended after one.
            var endedDuringStall = await Task.WhenAny(host.Ended, Task.Delay(window * 2)) == host.Ended;
            release.Set();
            await dialer.CloseAsync(CancellationToken.None).WaitAsync(Patience);
            var hostEnd = await host.Ended.WaitAsync(Patience);
            await reading.WaitAsync(Patience);

            Assert.False(endedDuringStall, $"the host ended while its own reader stalled: {(endedDuringStall ? (await host.Ended).Detail : string.Empty)}");
            Assert.Equal(SessionEndReason.Completed, hostEnd.Reason);
            Assert.Equal(["first", "second", "third"], received);
        }
    }

    [Fact]
    public async Task A_peer_that_goes_silent_ends_the_session_with_a_heartbeat_timeout()
    {
        var watchful = Fast with { Heartbeat = new HeartbeatOptions(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(500)) };
        var silent = Fast with { Heartbeat = new HeartbeatOptions(TimeSpan.FromHours(1), TimeSpan.FromHours(2)) };

        var (host, dialer, _) = await ConnectAsync(watchful, silent);
        await using (host)
        await using (dialer)
        {
            var hostEnd = await host.Ended.WaitAsync(Patience);
            var dialerEnd = await dialer.Ended.WaitAsync(Patience);

            Assert.Equal(SessionEndReason.HeartbeatTimeout, hostEnd.Reason);
            Assert.Equal(SessionEndReason.PeerDisconnected, dialerEnd.Reason);
        }
    }

    [Fact]
    public async Task A_host_whose_certificate_does_not_match_the_pin_is_refused()
    {
        await using var listener = await PeerListener.StartAsync(IPAddress.Loopback, 0, CancellationToken.None);
        await using var session = listener.OpenSession(new SessionId(Guid.NewGuid()));
        var wrongPin = SHA256.HashData("some other certificate"u8);

        var refused = await Assert.ThrowsAsync<PeerConnectionException>(
            () => PeerDialer.DialAsync("127.0.0.1", listener.Port, session.SessionId, wrongPin, Fast.ConnectTimeout, CancellationToken.None));

        Assert.Contains("does not match the fingerprint", refused.Message, StringComparison.Ordinal);
        await using var rightful = await PeerDialer.DialAsync(
            "127.0.0.1", listener.Port, session.SessionId, session.CertificateSha256, Fast.ConnectTimeout, CancellationToken.None);
        await session.NextCandidateAsync(CancellationToken.None).WaitAsync(Patience);
    }

    [Fact]
    public async Task A_dialler_is_refused_once_another_holds_the_seat()
    {
        await using var listener = await PeerListener.StartAsync(IPAddress.Loopback, 0, CancellationToken.None);
        await using var session = listener.OpenSession(new SessionId(Guid.NewGuid()));
        await using var first = await PeerDialer.DialAsync(
            "127.0.0.1", listener.Port, session.SessionId, session.CertificateSha256, Fast.ConnectTimeout, CancellationToken.None);
        (await session.NextCandidateAsync(CancellationToken.None).WaitAsync(Patience)).Seat();

        var refused = await Assert.ThrowsAsync<PeerConnectionException>(
            () => PeerDialer.DialAsync("127.0.0.1", listener.Port, session.SessionId, session.CertificateSha256, Fast.ConnectTimeout, CancellationToken.None));

        Assert.Contains("already serves its one peer", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dialler_with_an_identity_key_other_than_the_introduced_one_fails_the_handshake_and_is_turned_away()
    {
        using var mallory = new PeerParty("bob");
        var (sessionId, hosting, port, fingerprint) = await AliceHostsForBobAsync(Fast with { AcceptTimeout = TimeSpan.FromSeconds(3) });

        var dialling = PeerConnector.DialAsync(
            _alice.IntroducedTo(sessionId), new HostEndpoint("127.0.0.1", port, fingerprint), _bob.UserId, mallory.Identity, Fast, CancellationToken.None);

        await Assert.ThrowsAsync<PeerConnectionException>(() => dialling.WaitAsync(Patience));
        var hostFailed = await Assert.ThrowsAsync<PeerConnectionException>(() => hosting.WaitAsync(Patience));
        Assert.Contains("a connection was turned away", hostFailed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stranger_that_dials_first_and_fails_the_handshake_does_not_keep_the_peer_out()
    {
        using var mallory = new PeerParty("bob");
        var (sessionId, hosting, port, fingerprint) = await AliceHostsForBobAsync(Fast);
        await Assert.ThrowsAsync<PeerConnectionException>(() => PeerConnector.DialAsync(
            _alice.IntroducedTo(sessionId), new HostEndpoint("127.0.0.1", port, fingerprint), _bob.UserId, mallory.Identity, Fast, CancellationToken.None).WaitAsync(Patience));

        await using var dialer = await PeerConnector.DialAsync(
            _alice.IntroducedTo(sessionId), new HostEndpoint("127.0.0.1", port, fingerprint), _bob.UserId, _bob.Identity, Fast, CancellationToken.None).WaitAsync(Patience);
        await using var host = await hosting.WaitAsync(Patience);

        await dialer.SendTextAsync("it is really bob", CancellationToken.None);
        Assert.Equal("it is really bob", await host.Incoming.ReadAsync().AsTask().WaitAsync(Patience));
    }

    [Fact]
    public async Task The_peer_gets_in_while_strangers_hold_connections_open_without_a_handshake()
    {
        // The host waits long for a silent candidate's handshake, so the strangers keep their places until they leave.
        var patientHost = Fast with { HandshakeTimeout = TimeSpan.FromMinutes(1) };
        var (sessionId, hosting, port, fingerprint) = await AliceHostsForBobAsync(patientHost);
        var strangers = new List<DialedPeer>();
        try
        {
            for (var i = 0; i < 4; i++)
            {
                strangers.Add(await PeerDialer.DialAsync("127.0.0.1", port, sessionId, fingerprint, Fast.ConnectTimeout, CancellationToken.None));
            }

            var busy = await Assert.ThrowsAsync<PeerConnectionException>(
                () => PeerDialer.DialAsync("127.0.0.1", port, sessionId, fingerprint, TimeSpan.FromSeconds(1), CancellationToken.None));
            Assert.Contains("still checking other connections", busy.Message, StringComparison.Ordinal);

            var dialling = PeerConnector.DialAsync(
                _alice.IntroducedTo(sessionId), new HostEndpoint("127.0.0.1", port, fingerprint), _bob.UserId, _bob.Identity, Fast, CancellationToken.None);
            await strangers[0].DisposeAsync();
            await using var dialer = await dialling.WaitAsync(Patience);
            await using var host = await hosting.WaitAsync(Patience);

            await host.SendTextAsync("welcome, bob", CancellationToken.None);
            Assert.Equal("welcome, bob", await dialer.Incoming.ReadAsync().AsTask().WaitAsync(Patience));
        }
        finally
        {
            foreach (var stranger in strangers.Skip(1))
            {
                await stranger.DisposeAsync();
            }
        }
    }

    public void Dispose()
    {
        _alice.Dispose();
        _bob.Dispose();
    }

    private async Task<(PeerConversation Host, PeerConversation Dialer, int Port)> ConnectAsync(PeerOptions hostOptions, PeerOptions dialerOptions)
    {
        var (sessionId, hosting, port, fingerprint) = await AliceHostsForBobAsync(hostOptions);
        var dialer = await PeerConnector.DialAsync(
            _alice.IntroducedTo(sessionId), new HostEndpoint("127.0.0.1", port, fingerprint), _bob.UserId, _bob.Identity, dialerOptions, CancellationToken.None);
        var host = await hosting.WaitAsync(Patience);
        return (host, dialer, port);
    }

    // Alice hosts a session with bob: the conversation to come, and the port and fingerprint she reported.
    private async Task<(SessionId SessionId, Task<PeerConversation> Hosting, int Port, byte[] Fingerprint)> AliceHostsForBobAsync(PeerOptions options)
    {
        var sessionId = new SessionId(Guid.NewGuid());
        var (hosting, port, fingerprint) = await PeerTestHosting.StartAsync(
            reportReady => PeerConnector.HostAsync(_bob.IntroducedTo(sessionId), _alice.UserId, _alice.Identity, options, reportReady, CancellationToken.None));
        return (sessionId, hosting, port, fingerprint);
    }
}
