using Google.Protobuf;
using Grpc.Core;
using LogChat.Gateway.Tests.Infrastructure;
using LogChat.Protocol.Accounts;
using LogChat.Protocol.Coordinator.V1;
using LogChat.Protocol.Peer;

namespace LogChat.Gateway.Tests.Accounts;

/// <summary>A registered user of a test gateway whose identity key pair the test keeps, to sign its rotations.</summary>
public sealed class KeyedUser : IDisposable
{
    private KeyedUser(GatewayServer server, string name, Guid userId, IdentityKeyPair identity)
    {
        Server = server;
        Name = name;
        UserId = userId;
        Identity = identity;
    }

    public GatewayServer Server { get; }

    public string Name { get; }

    public Guid UserId { get; }

    /// <summary>The key this test holds as the account's current one.</summary>
    public IdentityKeyPair Identity { get; private set; }

    public static async Task<KeyedUser> RegisterAsync(GatewayServer server, string prefix)
    {
        var name = $"{prefix}-{Guid.NewGuid():N}"[..20];
        var identity = IdentityKeyPair.Generate();
        var registered = await server.Client.RegisterAsync(new RegisterRequest
        {
            Username = name,
            LoginSecret = TestUser.LoginSecret,
            IdentityPublicKey = ByteString.CopyFrom(identity.PublicKey),
        });
        return new KeyedUser(server, name, Guid.Parse(registered.UserId), identity);
    }

    /// <summary>A fresh login's token as call metadata.</summary>
    public async Task<Metadata> LoginAsync(ByteString? loginSecret = null)
    {
        var login = await Server.Client.LoginAsync(new LoginRequest { Username = Name, LoginSecret = loginSecret ?? TestUser.LoginSecret });
        return new Metadata { { "authorization", $"Bearer {login.Token}" } };
    }

    /// <summary>A rotation of the current key to <paramref name="next"/>, signed now by the current key.</summary>
    public RotateKeyRequest SignedRotationTo(IdentityKeyPair next, DateTimeOffset? at = null)
    {
        var rotation = KeyRotationStatement.Sign(Identity, UserId, next.PublicKey, (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds());
        return new RotateKeyRequest
        {
            LoginSecret = TestUser.LoginSecret,
            NewIdentityKey = ByteString.CopyFrom(next.PublicKey),
            SignedRotation = new Protocol.Coordinator.V1.KeyRotation
            {
                OldPublicKey = ByteString.CopyFrom(rotation.OldKey),
                NewPublicKey = ByteString.CopyFrom(rotation.NewKey),
                RotatedAt = (ulong)rotation.RotatedAt,
                Signature = ByteString.CopyFrom(rotation.Signature),
            },
        };
    }

    /// <summary>Takes <paramref name="next"/> as the account's current key (after a rotation the gateway accepted).</summary>
    public void Adopt(IdentityKeyPair next)
    {
        Identity.Dispose();
        Identity = next;
    }

    public void Dispose() => Identity.Dispose();
}
