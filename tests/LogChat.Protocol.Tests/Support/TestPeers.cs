using LogChat.Protocol.Peer;
using LogChat.Protocol.Sessions;

namespace LogChat.Protocol.Tests.Support;

/// <summary>Two users, Alice (dialer) and Bob (host), and the parameters each brings to a session.</summary>
internal sealed class TestPeers : IDisposable
{
    public SessionId SessionId { get; } = new(Guid.NewGuid());

    public Guid AliceId { get; } = Guid.NewGuid();

    public Guid BobId { get; } = Guid.NewGuid();

    public IdentityKeyPair Alice { get; } = IdentityKeyPair.Generate();

    public IdentityKeyPair Bob { get; } = IdentityKeyPair.Generate();

    /// <summary>Alice dials Bob, expecting Bob's identity key.</summary>
    public HandshakeParameters Dialer => new(SessionId, PeerRole.Dialer, AliceId, Alice, BobId, Bob.PublicKey);

    /// <summary>Bob hosts for Alice, expecting Alice's identity key.</summary>
    public HandshakeParameters Host => new(SessionId, PeerRole.Host, BobId, Bob, AliceId, Alice.PublicKey);

    public void Dispose()
    {
        Alice.Dispose();
        Bob.Dispose();
    }
}
