using LogChat.Bench.Load.Reporting;
using LogChat.Client.Peer;

namespace LogChat.Bench.Load.Peer;

/// <summary>The message rate (and CPU per message) of one fresh LogChat session, dialler to host, after a one-second warm-up.</summary>
public static class SessionThroughput
{
    public static async Task<StreamRun> MeasureAsync(
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
            var run = await StreamRun.MeasureAsync(() => EncryptedSender.RunAsync(dialer, host, text, duration, cancellationToken));
            progress.Done($"{label}, {text.Length} B: {run.Rate:#,0} messages/s");
            return run;
        }
    }
}
