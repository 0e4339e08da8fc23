using LogChat.Protocol.Peer;
using LogChat.Testing;

namespace LogChat.Protocol.Tests.Support;

/// <summary>
/// Runs a dialer and a host against each other over an in-memory stream. A side that fails ends
/// its stream, as a real transport would, so the other side never waits forever.
/// </summary>
internal sealed class HandshakeRun
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private HandshakeRun(Task<SecureChannel> dialer, Task<SecureChannel> host, InMemoryPeerTransport dialerTransport, InMemoryPeerTransport hostTransport)
    {
        Dialer = dialer;
        Host = host;
        DialerTransport = dialerTransport;
        HostTransport = hostTransport;
    }

    public Task<SecureChannel> Dialer { get; }

    public Task<SecureChannel> Host { get; }

    public InMemoryPeerTransport DialerTransport { get; }

    public InMemoryPeerTransport HostTransport { get; }

    public static async Task<HandshakeRun> RunAsync(
        HandshakeParameters dialer, HandshakeParameters host, Action<InMemoryPeerTransport, InMemoryPeerTransport>? intercept = null)
    {
        var (dialerTransport, hostTransport) = InMemoryPeerTransport.CreatePair();
        intercept?.Invoke(dialerTransport, hostTransport);
        using var timeout = new CancellationTokenSource(Timeout);
        var dialerTask = RunSideAsync(dialer, dialerTransport, timeout.Token);
        var hostTask = RunSideAsync(host, hostTransport, timeout.Token);
        await Task.WhenAll(dialerTask, hostTask).ContinueWith(_ => { }, TaskScheduler.Default);
        return new HandshakeRun(dialerTask, hostTask, dialerTransport, hostTransport);
    }

    /// <summary>Runs one side alone against a scripted peer on the other end.</summary>
    public static async Task<SecureChannel> RunSideAsync(HandshakeParameters parameters, InMemoryPeerTransport transport, CancellationToken cancellationToken)
    {
        try
        {
            return await PeerHandshake.RunAsync(parameters, transport, cancellationToken);
        }
        catch
        {
            transport.Complete();
            throw;
        }
    }
}
