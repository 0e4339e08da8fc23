using Google.Protobuf;
using LogChat.Client.Peer;
using LogChat.Protocol.Peer;
using LogChat.Protocol.Peer.V1;
using LogChat.Protocol.Sessions;

namespace LogChat.Client.Tests.Peer;

/// <summary>
/// A host faced with a dialler of another peer protocol names both versions (the dialler's side, with a real logchat
/// process: HostileCoordinatorTests).
/// </summary>
public sealed class PeerVersionTests : IDisposable
{
    private static readonly TimeSpan Patience = PeerTestHosting.Patience;

    private readonly PeerParty _alice = new("alice");
    private readonly PeerParty _bob = new("bob");

    [Fact]
    public async Task A_host_turns_away_a_hello_of_another_version_and_names_both_versions()
    {
        var sessionId = new SessionId(Guid.NewGuid());
        var options = PeerTestHosting.Fast with { AcceptTimeout = TimeSpan.FromSeconds(2) };
        var (hosting, port, fingerprint) = await PeerTestHosting.StartAsync(
            reportReady => PeerConnector.HostAsync(_bob.IntroducedTo(sessionId), _alice.UserId, _alice.Identity, options, reportReady, CancellationToken.None));
        await using var futureBob = await PeerDialer.DialAsync("127.0.0.1", port, sessionId, fingerprint, options.ConnectTimeout, CancellationToken.None);

        await futureBob.Transport.SendAsync(HelloOfVersion(2, sessionId), CancellationToken.None);

        Assert.Equal((uint)PeerProtocol.Version, futureBob.HostProtocolVersion);
        Assert.Null(await futureBob.Transport.ReceiveAsync(CancellationToken.None).WaitAsync(Patience));
        var hostFailed = await Assert.ThrowsAsync<PeerConnectionException>(() => hosting.WaitAsync(Patience));
        Assert.Contains("bob's logchat speaks peer protocol 2; this logchat speaks peer protocol 1.", hostFailed.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _alice.Dispose();
        _bob.Dispose();
    }

    // A hello of the right shape from a release that speaks `version`; the host checks the version before anything else.
    private static PeerMessage HelloOfVersion(uint version, SessionId sessionId) => new()
    {
        DialerHello = new DialerHello
        {
            ProtocolVersion = version,
            SessionId = ByteString.CopyFrom(sessionId.Value.ToByteArray(bigEndian: true)),
            EphemeralPublicKey = ByteString.CopyFrom(new byte[32]),
            Signature = ByteString.CopyFrom(new byte[64]),
        },
    };
}
