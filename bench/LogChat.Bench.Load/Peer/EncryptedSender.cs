using System.Diagnostics;
using LogChat.Client.Peer;

namespace LogChat.Bench.Load.Peer;

/// <summary>Sends chat text from the dialler to the host of a LogChat session and counts what the host decrypts.</summary>
public static class EncryptedSender
{
    public static async Task<(long Messages, TimeSpan Elapsed)> RunAsync(PeerConversation sender, PeerConversation receiver, string text, TimeSpan duration, CancellationToken cancellationToken)
    {
        long sent = 0;
        var start = Stopwatch.GetTimestamp();
        var receiving = Task.Run(
            async () =>
            {
                long received = 0;
                while (await receiver.Incoming.WaitToReadAsync(cancellationToken))
                {
                    while (receiver.Incoming.TryRead(out _))
                    {
                        received++;
                    }

                    if (received == Volatile.Read(ref sent) && Stopwatch.GetElapsedTime(start) >= duration)
                    {
                        return received;
                    }
                }

                return received;
            },
            cancellationToken);
        while (Stopwatch.GetElapsedTime(start) < duration)
        {
            // Counted before sending, so the receiver never sees more messages than were counted.
            Volatile.Write(ref sent, sent + 1);
            await sender.SendTextAsync(text, cancellationToken);
        }

        var delivered = await receiving;
        return (delivered, Stopwatch.GetElapsedTime(start));
    }
}
