using LogChat.Bench.Load.Reporting;
using LogChat.Client.Peer;

namespace LogChat.Bench.Load.Peer;

/// <summary>The message rate of one fresh LogChat session, dialler to host, after a one-second warm-up.</summary>
public static class SessionThroughput
{
    public static async Task<double> MeasureAsync(
        string label,
        Func<CancellationToken, Task<(PeerConversation Host, PeerConversation Dialer)>> connect,
        string text,
        TimeSpan duration,
        ProgressLine progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connect);
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(progress);
        progress.Report($"{label}, {text.Length} B");
        var (host, dialer) = await connect(cancellationToken);
        await using (host)
        await using (dialer)
        {
            await EncryptedSender.RunAsync(dialer, host, text, TimeSpan.FromSeconds(1), cancellationToken);
            var (messages, elapsed) = await EncryptedSender.RunAsync(dialer, host, text, duration, cancellationToken);
            var rate = messages / elapsed.TotalSeconds;
            progress.Done($"{label}, {text.Length} B: {rate:#,0} messages/s");
            return rate;
        }
    }
}
