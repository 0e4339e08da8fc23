using System.Net;
using System.Net.Sockets;
using Grpc.Core;
using Google.Protobuf;
using Grpc.Net.Client;
using LogChat.Protocol.Coordinator.V1;
using LogChat.Protocol.Peer;
using LogChat.Testing;

namespace LogChat.Gateway.Tests.Infrastructure;

/// <summary>A registered, logged-in user of a test gateway, with a client that sends its token.</summary>
public sealed class TestUser
{
    /// <summary>Every test user's login secret (what a client derives from its password; the gateway never sees one).</summary>
    public static readonly ByteString LoginSecret = ByteString.CopyFrom(System.Security.Cryptography.SHA256.HashData("correct horse battery"u8));

    private TestUser(GatewayServer server, string name, string userId, byte[] identityKey, string token)
    {
        Server = server;
        Name = name;
        UserId = userId;
        IdentityKey = identityKey;
        Token = token;
    }

    public GatewayServer Server { get; }

    public string Name { get; }

    public string UserId { get; }

    public byte[] IdentityKey { get; }

    public string Token { get; }

    public Metadata Auth => new() { { "authorization", $"Bearer {Token}" } };

    public Coordinator.CoordinatorClient Client => Server.Client;

    /// <summary>Registers and logs in a user with a unique name starting with <paramref name="prefix"/>.</summary>
    public static async Task<TestUser> CreateAsync(GatewayServer server, string prefix)
    {
        var name = $"{prefix}-{Guid.NewGuid():N}"[..20];
        using var identity = IdentityKeyPair.Generate();
        var registered = await server.Client.RegisterAsync(new RegisterRequest
        {
            Username = name,
            LoginSecret = LoginSecret,
            IdentityPublicKey = ByteString.CopyFrom(identity.PublicKey),
        });
        var login = await server.Client.LoginAsync(new LoginRequest { Username = name, LoginSecret = LoginSecret });
        return new TestUser(server, name, registered.UserId, identity.PublicKey, login.Token);
    }

    /// <summary>Opens the user's Connect stream and waits for its Connected event.</summary>
    public async Task<EventFeed> ConnectAsync()
    {
        var feed = new EventFeed(Client.Connect(new ConnectRequest(), Auth));
        await feed.NextAsync(e => e.EventCase == ServerEvent.EventOneofCase.Connected);
        return feed;
    }

    /// <summary>
    /// Has the gateway dial this user back at <paramref name="listener"/> with a fresh nonce; with
    /// <paramref name="ownAddresses"/> the user says which addresses are its own (127.0.0.1 makes it NAT type NONE).
    /// </summary>
    public async Task<CheckReachabilityResponse> CheckReachabilityAsync(ProbeListener listener, params string[] ownAddresses)
    {
        var nonce = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        listener.Nonce = nonce;
        return await Client.CheckReachabilityAsync(
            new CheckReachabilityRequest { Port = (uint)listener.Port, Nonce = ByteString.CopyFrom(nonce), LocalAddresses = { ownAddresses } }, Auth);
    }

    /// <summary>
    /// Connects, after a dial-back to the test gateway's probe listener when <paramref name="canAcceptInbound"/> (as a
    /// reachable client, NAT type NONE or FULL_CONE); otherwise unmeasured, as a client whose listener nobody reaches.
    /// </summary>
    public async Task<EventFeed> GoOnlineAsync(bool canAcceptInbound, NatType natType = NatType.FullCone)
    {
        if (canAcceptInbound)
        {
            var measured = await CheckReachabilityAsync(Server.Probe, natType == NatType.None ? ["127.0.0.1"] : []);
            if (!measured.Reachable)
            {
                throw new InvalidOperationException($"the test probe listener was not reachable: {measured.Detail}");
            }
        }

        return await ConnectAsync();
    }

    /// <summary>Makes a call to <paramref name="gateway"/> over a connection of its own from <paramref name="localPort"/>.</summary>
    public static async Task<T> FromLocalPortAsync<T>(Uri gateway, int localPort, Func<Coordinator.CoordinatorClient, Task<T>> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        using var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                socket.Bind(new IPEndPoint(IPAddress.Loopback, localPort));
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        using var channel = GrpcChannel.ForAddress(gateway, new GrpcChannelOptions { HttpHandler = handler });
        return await call(new Coordinator.CoordinatorClient(channel));
    }

    /// <summary>Measures this user as a restricted cone: both gateway ports see one public port, and no dial-back passes.</summary>
    public async Task MeasureAsRestrictedConeAsync()
    {
        var localPort = LoopbackPorts.GetFree();
        var first = await FromLocalPortAsync(Server.Address, localPort, client => client.ObserveAddressAsync(new ObserveAddressRequest(), Auth).ResponseAsync);
        var probe = new UriBuilder(Server.Address) { Port = (int)first.ProbePorts[0] }.Uri;
        await FromLocalPortAsync(probe, localPort, client => client.ObserveAddressAsync(new ObserveAddressRequest(), Auth).ResponseAsync);
        var measured = await Client.CheckReachabilityAsync(
            new CheckReachabilityRequest { Port = (uint)LoopbackPorts.GetFree(), Nonce = ByteString.CopyFrom(new byte[16]) }, Auth);
        if (measured.NatType != NatType.Restricted)
        {
            throw new InvalidOperationException($"measured {measured.NatType}, not a restricted cone");
        }
    }
}
