using LogChat.Client.Peer;
using LogChat.Protocol.Peer;
using LogChat.Protocol.Sessions;

namespace LogChat.Client.Tests.Peer;

/// <summary>One side of a test chat: a user id, a name and a fresh identity key.</summary>
public sealed class PeerParty(string username) : IDisposable
{
    public Guid UserId { get; } = Guid.NewGuid();

    public string Username { get; } = username;

    public IdentityKeyPair Identity { get; } = IdentityKeyPair.Generate();

    public PeerIntroduction IntroducedTo(SessionId sessionId) => new(sessionId, UserId, Username, Identity.PublicKey);

    public void Dispose() => Identity.Dispose();
}
