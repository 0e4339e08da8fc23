using System.Globalization;

namespace LogChat.Client;

/// <summary>
/// With <c>LOGCHAT_TRACE_PHASES=1</c>, writes "logchat-phase NAME UNIX-SECONDS" on stderr as a run passes each step of
/// starting a chat (main, unlocked, logged-in, online, assigned, connected or host-ready, handshake, sent, printed), so that
/// <c>bench/bench.sh cold-chat</c> can split the time from process start to the first message. Names and times only:
/// never a key, a password or a message.
/// </summary>
public static class PhaseTrace
{
    private static readonly bool Enabled = Environment.GetEnvironmentVariable("LOGCHAT_TRACE_PHASES") == "1";

    /// <summary>Marks that the run reached <paramref name="phase"/> now.</summary>
    public static void Mark(string phase)
    {
        if (Enabled)
        {
            var now = (DateTime.UtcNow - DateTime.UnixEpoch).TotalSeconds;
            System.Console.Error.WriteLine($"logchat-phase {phase} {now.ToString("F6", CultureInfo.InvariantCulture)}");
        }
    }
}
