using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using LogChat.Client.Peer;
using LogChat.Client.Tests.Coordinator;
using LogChat.Protocol.Sessions;

namespace LogChat.Client.Tests.Peer;

/// <summary>One long-lived listener: sessions by server name, the probe certificate for every other name, Peer.Probe, its port.</summary>
public sealed class SharedListenerTests : IDisposable
{
    private static readonly TimeSpan Patience = PeerTestHosting.Patience;
    private static readonly PeerOptions Fast = PeerTestHosting.Fast;

    private readonly PeerParty _alice = new("alice");
    private readonly PeerParty _bob = new("bob");
    private readonly PeerParty _carol = new("carol");

    [Fact]
    public async Task Each_session_s_certificate_is_presented_to_its_own_server_name_and_every_other_name_gets_the_probe_certificate()
    {
        await using var listener = await PeerListener.StartAsync(IPAddress.Loopback, 0, CancellationToken.None);
        await using var first = listener.OpenSession(new SessionId(Guid.NewGuid()));
        await using var second = listener.OpenSession(new SessionId(Guid.NewGuid()));

        Assert.Equal(first.CertificateSha256, await PresentedCertificateAsync(listener.Port, PeerServerName.For(first.SessionId)));
        Assert.Equal(second.CertificateSha256, await PresentedCertificateAsync(listener.Port, PeerServerName.For(second.SessionId)));
        var probe = await PresentedCertificateAsync(listener.Port, PeerServerName.Probe);
        Assert.NotEqual(first.CertificateSha256, probe);
        Assert.NotEqual(second.CertificateSha256, probe);
        Assert.Equal(probe, await PresentedCertificateAsync(listener.Port, null));
        Assert.Equal(probe, await PresentedCertificateAsync(listener.Port, PeerServerName.For(new SessionId(Guid.NewGuid()))));
    }

    [Fact]
    public async Task A_dialler_naming_a_session_the_listener_does_not_host_is_refused_even_with_the_probe_certificate_pinned()
    {
        await using var listener = await PeerListener.StartAsync(IPAddress.Loopback, 0, CancellationToken.None);
        await using var hosted = listener.OpenSession(new SessionId(Guid.NewGuid()));
        var stranger = new SessionId(Guid.NewGuid());
        var probe = await PresentedCertificateAsync(listener.Port, PeerServerName.For(stranger));

        var refused = await Assert.ThrowsAsync<PeerConnectionException>(
            () => PeerDialer.DialAsync("127.0.0.1", listener.Port, stranger, probe, Fast.ConnectTimeout, CancellationToken.None));
        var wrongSession = await Assert.ThrowsAsync<PeerConnectionException>(
            () => PeerDialer.DialAsync("127.0.0.1", listener.Port, stranger, hosted.CertificateSha256, Fast.ConnectTimeout, CancellationToken.None));

        Assert.Contains("hosts no such session", refused.Message, StringComparison.Ordinal);
        Assert.Contains("does not match the fingerprint", wrongSession.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probe_answers_the_pending_nonce_only_while_its_check_runs_and_a_newer_nonce_replaces_it()
    {
        await using var listener = await PeerListener.StartAsync(IPAddress.Loopback, 0, CancellationToken.None);
        var older = RandomNumberGenerator.GetBytes(32);
        var newer = RandomNumberGenerator.GetBytes(32);

        Assert.Equal(0, (await LoopbackDialBack.ProbeAsync(listener.Port))!.Length);
        using (listener.ExpectProbe(older))
        {
            Assert.Equal(older, (await LoopbackDialBack.ProbeAsync(listener.Port))!.ToByteArray());
            using (listener.ExpectProbe(newer))
            {
                Assert.Equal(newer, (await LoopbackDialBack.ProbeAsync(listener.Port))!.ToByteArray());
            }
        }

        Assert.Equal(0, (await LoopbackDialBack.ProbeAsync(listener.Port))!.Length);
    }

    [Fact]
    public async Task A_port_in_use_makes_the_listener_take_another_port_and_say_why()
    {
        await using var first = await PeerListener.StartAsync(PeerOptions.Default.ListenAddress, 0, CancellationToken.None);
        await using var second = await PeerListener.StartAsync(PeerOptions.Default.ListenAddress, first.Port, CancellationToken.None);

        Assert.Null(first.RequestedPortProblem);
        Assert.NotEqual(first.Port, second.Port);
        Assert.Contains($"port {first.Port} could not be used", second.RequestedPortProblem, StringComparison.Ordinal);
        Assert.Contains("in use", second.RequestedPortProblem, StringComparison.Ordinal);
        using var nonce = second.ExpectProbe(new byte[16]);
        Assert.Equal(new byte[16], (await LoopbackDialBack.ProbeAsync(second.Port))!.ToByteArray());
    }

    [Fact]
    public async Task Two_sessions_run_on_one_listener_and_one_ending_leaves_the_listener_and_the_other_running()
    {
        await using var listener = await PeerListener.StartAsync(IPAddress.Loopback, 0, CancellationToken.None);
        var (aliceHost, bobDialer, bobSession) = await ConnectAsync(listener, _bob);
        var (carolHostSide, carolDialer, _) = await ConnectAsync(listener, _carol);
        await using (carolHostSide)
        await using (carolDialer)
        {
            await using (aliceHost)
            await using (bobDialer)
            {
                await bobDialer.SendTextAsync("from bob", CancellationToken.None);
                await carolDialer.SendTextAsync("from carol", CancellationToken.None);
                Assert.Equal("from bob", await aliceHost.Incoming.ReadAsync().AsTask().WaitAsync(Patience));
                Assert.Equal("from carol", await carolHostSide.Incoming.ReadAsync().AsTask().WaitAsync(Patience));

                await bobDialer.CloseAsync(CancellationToken.None).WaitAsync(Patience);
                await aliceHost.Ended.WaitAsync(Patience);
            }

            var ended = await PresentedCertificateAsync(listener.Port, PeerServerName.For(bobSession));
            Assert.Equal(await PresentedCertificateAsync(listener.Port, PeerServerName.Probe), ended);
            await carolHostSide.SendTextAsync("still here", CancellationToken.None);
            Assert.Equal("still here", await carolDialer.Incoming.ReadAsync().AsTask().WaitAsync(Patience));
        }
    }

    public void Dispose()
    {
        _alice.Dispose();
        _bob.Dispose();
        _carol.Dispose();
    }

    // The SHA-256 of the certificate the listener presents to a TLS client asking for `serverName` (none when null).
    private static async Task<byte[]> PresentedCertificateAsync(int port, string? serverName)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        await using var tls = new SslStream(tcp.GetStream());
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = serverName ?? string.Empty,
            RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null,
            ApplicationProtocols = [SslApplicationProtocol.Http2],
        });
        return SHA256.HashData(tls.RemoteCertificate!.GetRawCertData());
    }

    // Alice hosts a session with `peer` on the shared listener; `peer` dials it.
    private async Task<(PeerConversation Host, PeerConversation Dialer, SessionId SessionId)> ConnectAsync(PeerListener listener, PeerParty peer)
    {
        var sessionId = new SessionId(Guid.NewGuid());
        var (hosting, port, fingerprint) = await PeerTestHosting.StartAsync(
            reportReady => PeerConnector.HostAsync(listener, peer.IntroducedTo(sessionId), _alice.UserId, _alice.Identity, Fast, reportReady, CancellationToken.None));
        Assert.Equal(listener.Port, port);
        var dialer = await PeerConnector.DialAsync(
            _alice.IntroducedTo(sessionId), new HostEndpoint("127.0.0.1", port, fingerprint), peer.UserId, peer.Identity, Fast, CancellationToken.None);
        return (await hosting.WaitAsync(Patience), dialer, sessionId);
    }
}
