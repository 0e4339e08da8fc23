using System.Net;
using System.Net.Sockets;
using System.Text;
using Grpc.Net.Client;
using LogChat.Client.Peer;
using LogChat.Client.Peer.Punch;
using LogChat.Protocol.Peer.V1;
using PeerService = LogChat.Protocol.Peer.V1.Peer;

namespace LogChat.Client.Tests.Peer.Punch;

/// <summary>
/// Serving an already-connected socket through Kestrel beside its regular port, and dialling over one: real Kestrel,
/// real TLS pinned to the server's certificate, real gRPC, on loopback. The sockets come from a plain listen/accept
/// here; a punched socket is one like them.
/// </summary>
public sealed class ConnectedSocketServingTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task A_server_answers_over_an_injected_socket_with_the_same_tls_and_grpc_while_its_loopback_port_serves_too()
    {
        await using var server = await ProbeServer.StartAsync();
        var (dialSide, serveSide) = await SocketPairAsync();
        server.Connected.Serve(serveSide);
        var dialPort = ((IPEndPoint)dialSide.LocalEndPoint!).Port;

        using var overSocket = Channel(new Uri("https://punched.peer.invalid"), new ConnectedSocketHandler(dialSide, new CertificatePin(server.CertificateSha256)));
        using var overPort = Channel(
            new Uri($"https://127.0.0.1:{server.Port}"),
            new SocketsHttpHandler { SslOptions = new CertificatePin(server.CertificateSha256).ClientOptions() });
        var answers = await Task.WhenAll(ProbeAsync(overSocket), ProbeAsync(overPort)).WaitAsync(Patience);

        Assert.All(answers, answer => Assert.Equal(ProbeServer.Nonce, answer.Nonce));
        Assert.Equal(2, server.Calls.Peers.Count);
        Assert.Contains($"ipv4:127.0.0.1:{dialPort}", server.Calls.Peers);
    }

    [Fact]
    public async Task The_dialler_over_a_socket_refuses_to_pin_another_certificate()
    {
        await using var server = await ProbeServer.StartAsync();
        var (dialSide, serveSide) = await SocketPairAsync();
        server.Connected.Serve(serveSide);
        var otherPin = new CertificatePin(new byte[32]);

        using var overSocket = Channel(new Uri("https://punched.peer.invalid"), new ConnectedSocketHandler(dialSide, otherPin));
        await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => ProbeAsync(overSocket).WaitAsync(Patience));

        Assert.True(otherPin.RefusedACertificate);
        Assert.Empty(server.Calls.Peers);
    }

    [Fact]
    public async Task The_dialler_speaks_only_TLS_1_3_and_refuses_a_host_that_offers_1_2()
    {
        await using var server = await ProbeServer.StartAsync(System.Security.Authentication.SslProtocols.Tls12);
        var pin = new CertificatePin(server.CertificateSha256);

        using var overPort = Channel(new Uri($"https://127.0.0.1:{server.Port}"), new SocketsHttpHandler { SslOptions = pin.ClientOptions() });
        await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => ProbeAsync(overPort).WaitAsync(Patience));

        Assert.Empty(server.Calls.Peers);
        Assert.Equal(System.Security.Authentication.SslProtocols.Tls13, pin.ClientOptions().EnabledSslProtocols);
    }

    [Fact]
    public async Task The_dialler_over_a_socket_makes_its_one_connection_and_then_refuses_to_connect_again()
    {
        var (dialSide, serveSide) = await SocketPairAsync();
        using var answering = serveSide;
        var server = AnswerOnceAndCloseAsync(serveSide);
        using var client = new HttpMessageInvoker(new ConnectedSocketHandler(dialSide, new CertificatePin(new byte[32])));

        using var first = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "http://peer.invalid/first"), CancellationToken.None).WaitAsync(Patience);
        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        Assert.StartsWith("GET /first ", await server.WaitAsync(Patience), StringComparison.Ordinal);

        var second = await Assert.ThrowsAsync<HttpRequestException>(
            () => client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "http://peer.invalid/second"), CancellationToken.None).WaitAsync(Patience));
        Assert.Contains("cannot connect again", second.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_endpoint_no_started_server_listens_on_refuses_a_socket()
    {
        var (dialSide, serveSide) = await SocketPairAsync();
        using (dialSide)
        using (serveSide)
        {
            var error = Assert.Throws<InvalidOperationException>(() => new ConnectedSocketEndPoint().Serve(serveSide));
            Assert.Contains("No started Kestrel server", error.Message, StringComparison.Ordinal);
        }
    }

    private static GrpcChannel Channel(Uri address, HttpMessageHandler handler) =>
        GrpcChannel.ForAddress(address, new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });

    private static async Task<ProbeResponse> ProbeAsync(GrpcChannel channel) =>
        await new PeerService.PeerClient(channel).ProbeAsync(new ProbeRequest());

    /// <summary>Both ends of one loopback TCP connection, made by a plain listen, connect and accept.</summary>
    private static async Task<(Socket Dial, Socket Serve)> SocketPairAsync()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        var dial = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await dial.ConnectAsync(listener.LocalEndPoint!);
        return (dial, await listener.AcceptAsync());
    }

    /// <summary>Reads one HTTP/1.1 request head, answers 204 and closes the connection; returns the request line.</summary>
    private static async Task<string> AnswerOnceAndCloseAsync(Socket socket)
    {
        var head = new StringBuilder();
        var buffer = new byte[1024];
        while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await socket.ReceiveAsync(buffer);
            if (read == 0)
            {
                break;
            }

            head.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        await socket.SendAsync(Encoding.ASCII.GetBytes("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n"));
        socket.Shutdown(SocketShutdown.Both);
        return head.ToString();
    }
}
