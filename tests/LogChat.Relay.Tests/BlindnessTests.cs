using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using LogChat.Client.Peer;
using LogChat.Relay.Tests.Infrastructure;
using LogChat.Testing;

namespace LogChat.Relay.Tests;

public sealed class BlindnessTests
{
    private static readonly byte[] Marker = Encoding.UTF8.GetBytes("MARKER-7f3a9c-the-relay-must-never-see-this");

    [Fact]
    public async Task The_bytes_the_relay_copies_for_a_TLS_chat_never_contain_the_chats_plaintext()
    {
        await using var relay = await RelayServer.StartAsync();
        using var certificate = HostCertificate.Create();
        var (hostSocket, dialerSocket) = await RelaySockets.PairAsync(relay);
        var hostTap = new RecordingStream(new NetworkStream(hostSocket, ownsSocket: true));
        var dialerTap = new RecordingStream(new NetworkStream(dialerSocket, ownsSocket: true));
        await using var host = new SslStream(hostTap);
        await using var dialer = new SslStream(dialerTap, leaveInnerStreamOpen: false,
            (_, presented, _, _) => HostCertificate.Matches(presented, certificate.Sha256));

        await Task.WhenAll(
            host.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate.Certificate }),
            dialer.AuthenticateAsClientAsync("logchat peer session"));
        byte[] question = [.. "alice: "u8, .. Marker, .. " are you there?"u8];
        byte[] answer = [.. "bob: yes, "u8, .. Marker];
        await dialer.WriteAsync(question);
        Assert.Equal(question, await RelaySockets.ReadExactlyAsync(host, question.Length));
        await host.WriteAsync(answer);
        Assert.Equal(answer, await RelaySockets.ReadExactlyAsync(dialer, answer.Length));

        // What each side read from its relay connection is what the relay copied to it.
        var copiedToHost = hostTap.Read();
        var copiedToDialer = dialerTap.Read();
        Assert.True(copiedToHost.Length > question.Length && copiedToDialer.Length > answer.Length, "the TLS records went through the relay");
        Assert.Equal(-1, copiedToHost.AsSpan().IndexOf(Marker));
        Assert.Equal(-1, copiedToDialer.AsSpan().IndexOf(Marker));
        Assert.Equal(dialerTap.Written().AsSpan(0, copiedToHost.Length).ToArray(), copiedToHost);
        Assert.Equal(hostTap.Written().AsSpan(0, copiedToDialer.Length).ToArray(), copiedToDialer);

        // And the relay copied nothing but those records: its byte counter matches what the two sides sent.
        var sent = hostTap.Written().Length + dialerTap.Written().Length;
        await relay.MetricIsAsync("logchat_relay_copied_bytes_total", sent);
    }
}
