using Google.Protobuf;
using Grpc.Net.Client;
using LogChat.Protocol.Coordinator.V1;
using LogChat.Protocol.Peer;
using CoordinatorClient = LogChat.Protocol.Coordinator.V1.Coordinator.CoordinatorClient;

namespace LogChat.Bench.Load.Coordinator;

/// <summary>Registers and logs in bench users through the real API.</summary>
public static class Registration
{
    /// <summary>Registers <paramref name="username"/> with <paramref name="identity"/>'s public key and logs it in.</summary>
    public static async Task<BenchUser> RegisterAsync(GrpcChannel channel, string username, IdentityKeyPair identity, CancellationToken cancellationToken)
    {
        var client = new CoordinatorClient(channel);
        await client.RegisterAsync(
            new RegisterRequest { Username = username, LoginSecret = BenchUser.LoginSecret, IdentityPublicKey = ByteString.CopyFrom(identity.PublicKey) },
            deadline: DateTime.UtcNow.AddSeconds(60),
            cancellationToken: cancellationToken);
        return await LoginAsync(channel, username, cancellationToken);
    }

    /// <summary>Registers a user whose private key nobody needs (background and scripted clients).</summary>
    public static async Task<BenchUser> RegisterAsync(GrpcChannel channel, string username, CancellationToken cancellationToken)
    {
        using var identity = IdentityKeyPair.Generate();
        return await RegisterAsync(channel, username, identity, cancellationToken);
    }

    public static async Task<BenchUser> LoginAsync(GrpcChannel channel, string username, CancellationToken cancellationToken)
    {
        var response = await new CoordinatorClient(channel).LoginAsync(
            new LoginRequest { Username = username, LoginSecret = BenchUser.LoginSecret },
            deadline: DateTime.UtcNow.AddSeconds(60),
            cancellationToken: cancellationToken);
        return new BenchUser(username, Guid.Parse(response.UserId), response.Token);
    }
}
