using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using LogChat.Client.Coordinator;
using LogChat.Client.Sessions;
using LogChat.Protocol.Coordinator.V1;
using LogChat.Protocol.Peer;

namespace LogChat.Client.Tests.Coordinator;

/// <summary>A username from the coordinator is used only when it is already canonical: nothing else is compared, pinned or shown.</summary>
public sealed class CoordinatorWireUsernameTests : IDisposable
{
    private readonly IdentityKeyPair _bob = IdentityKeyPair.Generate();

    public static TheoryData<string> NotCanonical => new() { "Bob", " bob", "bob\u001b[2J", "bo\u202Eb", "b", "bob bob", "\u212Aate" };

    [Theory]
    [MemberData(nameof(NotCanonical))]
    public void A_chat_request_or_introduction_naming_a_user_in_a_form_that_is_not_canonical_is_refused(string username)
    {
        var sessionId = Guid.NewGuid().ToString();
        var request = CoordinatorWire.ToChatRequest(new ChatRequested
        {
            SessionId = sessionId,
            FromUserId = Guid.NewGuid().ToString(),
            FromUsername = username,
            FromIdentityKey = Key(),
            ExpiresAt = Timestamp.FromDateTime(DateTime.UtcNow.AddMinutes(1)),
        });
        var introduction = CoordinatorWire.ToAssignment(new SessionInfo
        {
            SessionId = sessionId,
            Role = SessionRole.Host,
            PeerUserId = Guid.NewGuid().ToString(),
            PeerUsername = username,
            PeerIdentityKey = Key(),
        });

        Assert.Equal("The coordinator sent a malformed username.", Assert.IsType<InvalidChatRequest>(request).Problem);
        Assert.Equal("The coordinator sent a malformed username.", Assert.IsType<InvalidSessionAssignment>(introduction).Problem);
    }

    [Theory]
    [MemberData(nameof(NotCanonical))]
    public void A_looked_up_user_whose_name_is_not_canonical_is_refused(string username)
    {
        var user = new GetUserResponse { UserId = Guid.NewGuid().ToString(), Username = username, IdentityKeys = { Key() } };

        Assert.Throws<CoordinatorProtocolException>(() => CoordinatorWire.ToPublishedIdentityKey(user));
    }

    [Fact]
    public void A_looked_up_user_keeps_its_user_id_for_the_pin()
    {
        var id = Guid.NewGuid();
        var published = CoordinatorWire.ToPublishedIdentityKey(new GetUserResponse { UserId = id.ToString(), Username = "bob", IdentityKeys = { Key() } });

        Assert.Equal((id, "bob"), (published.UserId, published.Username));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(15)]
    [InlineData(32)]
    public void A_login_salt_of_another_size_than_16_bytes_is_refused(int size)
    {
        Assert.Throws<CoordinatorProtocolException>(() => CoordinatorWire.ReadLoginSalt(new GetLoginSaltResponse { Salt = ByteString.CopyFrom(new byte[size]) }));
    }

    public void Dispose() => _bob.Dispose();

    private IdentityKey Key() => new() { KeyType = KeyType.Ed25519, PublicKey = ByteString.CopyFrom(_bob.PublicKey) };
}
