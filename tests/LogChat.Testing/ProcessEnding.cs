using System.Diagnostics;

namespace LogChat.Testing;

/// <summary>How the test helpers end the processes they started: the whole tree, at once (SIGKILL).</summary>
public static class ProcessEnding
{
    /// <summary>Kills <paramref name="process"/> and its children and waits until they are gone.</summary>
    public static void Kill(Process process)
    {
        ArgumentNullException.ThrowIfNull(process);
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    /// <summary>Kills <paramref name="process"/> if it still runs, then releases it.</summary>
    public static void KillAndDispose(Process process)
    {
        ArgumentNullException.ThrowIfNull(process);
        if (!process.HasExited)
        {
            Kill(process);
        }

        process.Dispose();
    }
}
