using System.Diagnostics;
using System.Security.Cryptography;
using Google.Protobuf;
using Grpc.Net.Client;
using LogChat.Client.Peer;
using LogChat.Protocol.Peer.V1;
using PeerService = LogChat.Protocol.Peer.V1.Peer;

namespace LogChat.Bench.Load.Peer;

/// <summary>
/// Sends chat text over a baseline server's Peer.Session stream: each message is a PeerPayload serialized
/// into a frame in the clear, so the only work left out compared with LogChat is the end-to-end encryption.
/// </summary>
public static class BaselineSender
{
    /// <summary>Sends for <paramref name="duration"/>; returns messages delivered and the time until the last one arrived.</summary>
    public static async Task<(long Messages, TimeSpan Elapsed)> RunAsync(BaselinePeerServer server, string text, TimeSpan duration, CancellationToken cancellationToken)
    {
        var handler = new SocketsHttpHandler();
        if (server.Certificate is { } certificate)
        {
            var pin = certificate.GetCertHash(HashAlgorithmName.SHA256);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, presented, _, _) =>
                presented is not null && presented.GetCertHash(HashAlgorithmName.SHA256).AsSpan().SequenceEqual(pin);
        }

        var scheme = server.Certificate is null ? "http" : "https";
        using var channel = GrpcChannel.ForAddress($"{scheme}://127.0.0.1:{server.Port}", new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            MaxSendMessageSize = PeerLimits.MaxMessageBytes,
            MaxReceiveMessageSize = PeerLimits.MaxMessageBytes,
        });
        using var call = new PeerService.PeerClient(channel).Session(cancellationToken: cancellationToken);
        var before = server.Sink.Received;
        var start = Stopwatch.GetTimestamp();
        ulong counter = 0;
        while (Stopwatch.GetElapsedTime(start) < duration)
        {
            var payload = new PeerPayload { Text = new ChatText { Text = text } };
            await call.RequestStream.WriteAsync(new PeerMessage { Frame = new SealedFrame { Counter = counter++, Ciphertext = payload.ToByteString() } }, cancellationToken);
        }

        await server.Sink.WaitForAsync(before + (long)counter, cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(start);
        await call.RequestStream.CompleteAsync();
        return ((long)counter, elapsed);
    }
}
