using Google.Protobuf;
using LogChat.Client.Coordinator;
using LogChat.Client.Sessions;
using LogChat.Protocol.Coordinator.V1;
using LogChat.Protocol.Peer;
using LogChat.Protocol.Sessions;
using Timestamp = Google.Protobuf.WellKnownTypes.Timestamp;

namespace LogChat.Client.Tests.Coordinator;

/// <summary>What reaches the client's core from a real gRPC gateway: its own types only, malformed ids stopped at the edge.</summary>
public sealed class CoordinatorEdgeTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task The_event_feed_passes_session_events_on_as_the_clients_own_and_drops_one_with_a_malformed_session_id()
    {
        using var bob = IdentityKeyPair.Generate();
        var sessionId = Guid.NewGuid();
        var behaviour = new FakeGateway.Behaviour
        {
            EventsAfterConnected =
            [
                new ServerEvent { KeepAlive = new() },
                new ServerEvent { ChatRequested = ChatRequestFromBob("0b7e1d4c", bob) },
                new ServerEvent { ChatRequested = ChatRequestFromBob(sessionId.ToString(), bob) },
                new ServerEvent { SessionEnded = new SessionEnded { SessionId = sessionId.ToString() } },
            ],
        };
        await using var gateway = await FakeGateway.StartAsync(behaviour);
        using var session = await CoordinatorSession.LoginAsync(CoordinatorAddress.ParseList([gateway.Url]), "alice", new byte[32], CancellationToken.None);
        await using var feed = session.OpenEvents(_ => Task.CompletedTask, new ReconnectBackoff(TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(1)));
        var statuses = new List<string>();
        feed.StatusChanged += status =>
        {
            lock (statuses)
            {
                statuses.Add(status);
            }
        };

        feed.Start();
        var first = await feed.Events.ReadAsync().AsTask().WaitAsync(Patience);
        var second = await feed.Events.ReadAsync().AsTask().WaitAsync(Patience);

        var request = Assert.IsType<ChatRequest>(first);
        Assert.Equal(new SessionId(sessionId), request.SessionId);
        Assert.Equal(bob.PublicKey, request.FromIdentityKey);
        Assert.Equal(new SessionEndedNotice(new SessionId(sessionId), SessionEndReason.Unspecified, string.Empty), second);
        lock (statuses)
        {
            Assert.Contains("The coordinator sent a malformed session id; this client cannot use it. The event was ignored.", statuses);
        }
    }

    [Fact]
    public async Task A_chat_request_answered_with_a_malformed_session_id_is_refused_at_the_edge()
    {
        await using var gateway = await FakeGateway.StartAsync(new FakeGateway.Behaviour { RequestChatSessionId = "session-1" });
        using var session = await CoordinatorSession.LoginAsync(CoordinatorAddress.ParseList([gateway.Url]), "alice", new byte[32], CancellationToken.None);

        var refusal = await Assert.ThrowsAsync<CoordinatorProtocolException>(() => session.RequestChatAsync("bob", CancellationToken.None));

        Assert.Contains("malformed session id", refusal.Message, StringComparison.Ordinal);
    }

    private static ChatRequested ChatRequestFromBob(string sessionId, IdentityKeyPair bob) => new()
    {
        SessionId = sessionId,
        FromUserId = Guid.NewGuid().ToString(),
        FromUsername = "bob",
        FromIdentityKey = new IdentityKey { KeyType = KeyType.Ed25519, PublicKey = ByteString.CopyFrom(bob.PublicKey) },
        ExpiresAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddMinutes(1)),
    };
}
