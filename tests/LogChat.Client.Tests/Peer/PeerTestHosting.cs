using LogChat.Client.Peer;

namespace LogChat.Client.Tests.Peer;

/// <summary>What the peer tests share: quick timeouts, and a host started until it reports its listener ready.</summary>
internal static class PeerTestHosting
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    public static readonly PeerOptions Fast = PeerOptions.Default with
    {
        Heartbeat = new HeartbeatOptions(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(3)),
        ConnectTimeout = TimeSpan.FromSeconds(5),
        HandshakeTimeout = TimeSpan.FromSeconds(5),
        AcceptTimeout = TimeSpan.FromSeconds(10),
    };

    /// <summary>Starts <paramref name="host"/> and waits for the port and fingerprint it reports; the conversation comes later.</summary>
    public static async Task<(Task<PeerConversation> Hosting, int Port, byte[] Fingerprint)> StartAsync(
        Func<Func<int, byte[], CancellationToken, Task>, Task<PeerConversation>> host)
    {
        var ready = new TaskCompletionSource<(int Port, byte[] Fingerprint)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var hosting = host((port, fingerprint, _) =>
        {
            ready.TrySetResult((port, fingerprint));
            return Task.CompletedTask;
        });
        var (port, fingerprint) = await ready.Task.WaitAsync(Patience);
        return (hosting, port, fingerprint);
    }
}
