using System.Diagnostics;
using LogChat.Client.Peer;

namespace LogChat.Bench.Load.Peer;

/// <summary>Sends chat text from the dialler to the host of a LogChat session and counts what the host decrypts.</summary>
public static class EncryptedSender
{
    /// <summary>Sends for <paramref name="duration"/>; returns messages delivered and the time until the last one arrived.</summary>
    public static async Task<(long Messages, TimeSpan Elapsed)> RunAsync(PeerConversation sender, PeerConversation receiver, string text, TimeSpan duration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentNullException.ThrowIfNull(receiver);
        long received = 0;
        using var drained = new SemaphoreSlim(0);
        using var stopReading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var receiving = Task.Run(
            async () =>
            {
                try
                {
                    while (await receiver.Incoming.WaitToReadAsync(stopReading.Token))
                    {
                        while (receiver.Incoming.TryRead(out _))
                        {
                            Interlocked.Increment(ref received);
                        }

                        drained.Release();
                    }
                }
                catch (OperationCanceledException) when (stopReading.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    // Told to stop once everything sent had arrived.
                }
            },
            cancellationToken);

        long sent = 0;
        var start = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(start) < duration)
        {
            await sender.SendTextAsync(text, cancellationToken);
            sent++;
        }

        // The sender decides when the run ends: the reader may have caught up before the last send, so it cannot.
        while (Interlocked.Read(ref received) < sent)
        {
            await drained.WaitAsync(cancellationToken);
        }

        var elapsed = Stopwatch.GetElapsedTime(start);
        await stopReading.CancelAsync();
        await receiving;
        return (Interlocked.Read(ref received), elapsed);
    }
}
