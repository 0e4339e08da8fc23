using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using Grpc.Core;
using Grpc.Net.Client;
using LogChat.Client.Peer;
using LogChat.Protocol.Peer.V1;
using PeerService = LogChat.Protocol.Peer.V1.Peer;

namespace LogChat.Client.Tests.Coordinator;

/// <summary>A coordinator's dial-back to a listener on loopback: TLS with the probe server name, any certificate, then <c>Peer.Probe</c>.</summary>
internal static class LoopbackDialBack
{
    /// <summary>The nonce the listener on <paramref name="port"/> answers with, or null when nothing answered.</summary>
    public static async Task<Google.Protobuf.ByteString?> ProbeAsync(int port, string serverName = PeerServerName.Probe)
    {
        using var handler = new SocketsHttpHandler
        {
            // Any certificate the listener presents: the nonce is what proves the listener (as in a real dial-back).
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null },
            ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), ct);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        using var channel = GrpcChannel.ForAddress(new UriBuilder(Uri.UriSchemeHttps, serverName, port).Uri, new GrpcChannelOptions { HttpHandler = handler });
        try
        {
            return (await new PeerService.PeerClient(channel).ProbeAsync(new ProbeRequest(), deadline: DateTime.UtcNow.AddSeconds(5))).Nonce;
        }
        catch (RpcException)
        {
            return null;
        }
    }
}
