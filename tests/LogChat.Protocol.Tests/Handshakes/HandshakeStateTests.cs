using LogChat.Protocol.Peer;
using LogChat.Protocol.Peer.V1;
using LogChat.Protocol.Tests.Support;

namespace LogChat.Protocol.Tests.Handshakes;

/// <summary>Every transition of the handshake state machine, driven without a transport.</summary>
public sealed class HandshakeStateTests
{
    [Fact]
    public void The_dialer_goes_from_start_to_awaiting_the_host_hello_to_established()
    {
        using var peers = new TestPeers();
        using var dialer = new Handshake(peers.Dialer, EphemeralKeyPair.Generate());
        using var host = new Handshake(peers.Host, EphemeralKeyPair.Generate());

        Assert.Equal(HandshakeState.Start, dialer.State);
        var dialerHello = dialer.WriteDialerHello();
        Assert.Equal(HandshakeState.AwaitingHostHello, dialer.State);
        var (_, channel) = dialer.ReadHostHello(host.ReadDialerHello(dialerHello.DialerHello).HostHello);
        using (channel)
        {
            Assert.Equal(HandshakeState.Established, dialer.State);
        }
    }

    [Fact]
    public void The_host_goes_from_awaiting_the_dialer_hello_to_awaiting_the_dialer_finished_to_established()
    {
        using var peers = new TestPeers();
        using var dialer = new Handshake(peers.Dialer, EphemeralKeyPair.Generate());
        using var host = new Handshake(peers.Host, EphemeralKeyPair.Generate());

        Assert.Equal(HandshakeState.AwaitingDialerHello, host.State);
        var hostHello = host.ReadDialerHello(dialer.WriteDialerHello().DialerHello);
        Assert.Equal(HandshakeState.AwaitingDialerFinished, host.State);
        var (finished, dialerChannel) = dialer.ReadHostHello(hostHello.HostHello);
        using var hostChannel = host.ReadDialerFinished(finished.DialerFinished);
        using (dialerChannel)
        {
            Assert.Equal(HandshakeState.Established, host.State);
        }
    }

    [Fact]
    public void A_failed_check_moves_to_failed_and_nothing_goes_on_from_there()
    {
        using var peers = new TestPeers();
        using var host = new Handshake(peers.Host, EphemeralKeyPair.Generate());

        Assert.Throws<HandshakeFailedException>(() => host.ReadDialerHello(new DialerHello { ProtocolVersion = 1 }));
        Assert.Equal(HandshakeState.Failed, host.State);
        Assert.Throws<InvalidOperationException>(() => host.ReadDialerFinished(new DialerFinished()));
    }

    [Fact]
    public void A_step_out_of_order_is_a_programming_error()
    {
        using var peers = new TestPeers();
        using var dialer = new Handshake(peers.Dialer, EphemeralKeyPair.Generate());
        using var host = new Handshake(peers.Host, EphemeralKeyPair.Generate());

        Assert.Throws<InvalidOperationException>(() => host.WriteDialerHello());
        Assert.Throws<InvalidOperationException>(() => dialer.ReadDialerHello(new DialerHello()));
        Assert.Throws<InvalidOperationException>(() => dialer.ReadHostHello(new HostHello()));
        Assert.Throws<InvalidOperationException>(() => host.ReadDialerFinished(new DialerFinished()));
        dialer.WriteDialerHello();
        Assert.Throws<InvalidOperationException>(() => dialer.WriteDialerHello());
    }
}
