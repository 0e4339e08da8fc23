using System.Runtime.InteropServices;

namespace LogChat.Gateway.Accounts;

/// <summary>Lowers the calling thread's CPU priority, which .NET's <see cref="Thread.Priority"/> does not do on Linux.</summary>
internal static partial class ThreadPriorities
{
    private const int SchedIdle = 5;

    /// <summary>
    /// Moves the calling thread to Linux's SCHED_IDLE policy (it runs only when no normal thread of its group wants
    /// the core, and yields at once when one wakes); elsewhere sets <see cref="ThreadPriority.Lowest"/>.
    /// Returns why the change was refused, or null.
    /// </summary>
    public static string? LowerCurrentThreadToIdle()
    {
        if (!OperatingSystem.IsLinux())
        {
            Thread.CurrentThread.Priority = ThreadPriority.Lowest;
            return null;
        }

        var parameters = new SchedParam { Priority = 0 };
        return SchedSetScheduler(0, SchedIdle, ref parameters) == 0
            ? null
            : $"sched_setscheduler(SCHED_IDLE) failed with errno {Marshal.GetLastPInvokeError()}";
    }

    [LibraryImport("libc", EntryPoint = "sched_setscheduler", SetLastError = true)]
    private static partial int SchedSetScheduler(int pid, int policy, ref SchedParam parameters);

    [StructLayout(LayoutKind.Sequential)]
    private struct SchedParam
    {
        public int Priority;
    }
}
