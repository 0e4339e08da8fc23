using LogChat.Gateway.Accounts;
using Xunit;

namespace LogChat.Gateway.Tests.Accounts;

public sealed class IdlePriorityWorkersTests : IDisposable
{
    private const int LinuxSchedIdle = 5;
    private readonly List<string> _refusals = [];
    private readonly IdlePriorityWorkers _workers;

    public IdlePriorityWorkersTests() => _workers = new IdlePriorityWorkers(1, 2, "test worker", _refusals.Add);

    [Fact]
    public async Task Work_runs_on_a_dedicated_thread_at_idle_priority()
    {
        var (lowered, isPoolThread) = await _workers.RunAsync(
            () => (RunsAtIdlePriority(), Thread.CurrentThread.IsThreadPoolThread), CancellationToken.None);

        Assert.Empty(_refusals);
        Assert.True(lowered);
        Assert.False(isPoolThread);
    }

    [Fact]
    public async Task Work_cancelled_while_it_waits_for_a_thread_never_runs()
    {
        using var gate = new ManualResetEventSlim();
        var blocker = _workers.RunAsync(() => gate.Wait(TimeSpan.FromMinutes(1)), CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var ran = false;
        var queued = _workers.RunAsync(() => ran = true, cancel.Token);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued);
        gate.Set();
        Assert.True(await blocker);
        Assert.True(await _workers.RunAsync(() => true, CancellationToken.None));
        Assert.False(ran);
    }

    [Fact]
    public async Task An_exception_of_the_work_reaches_the_caller_and_the_thread_keeps_serving()
    {
        var failing = _workers.RunAsync<int>(() => throw new InvalidOperationException("boom"), CancellationToken.None);

        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => failing);
        Assert.Equal("boom", thrown.Message);
        Assert.Equal(42, await _workers.RunAsync(() => 42, CancellationToken.None));
    }

    [Fact]
    public async Task Work_beyond_the_queue_capacity_is_refused_at_once_and_the_queue_serves_again_once_drained()
    {
        using var gate = new ManualResetEventSlim();
        using var started = new ManualResetEventSlim();
        var blocker = _workers.RunAsync(() => { started.Set(); return gate.Wait(TimeSpan.FromMinutes(1)); }, CancellationToken.None);
        Assert.True(started.Wait(TimeSpan.FromMinutes(1)));
        var waiting = new[] { _workers.RunAsync(() => 1, CancellationToken.None), _workers.RunAsync(() => 2, CancellationToken.None) };

        // Refused synchronously: the caller learns it before anything waits.
        Assert.Throws<WorkQueueFullException>(() => { _ = _workers.RunAsync(() => 3, CancellationToken.None); });
        gate.Set();
        Assert.True(await blocker);
        Assert.Equal(new[] { 1, 2 }, await Task.WhenAll(waiting));
        Assert.Equal(4, await _workers.RunAsync(() => 4, CancellationToken.None));
    }

    public void Dispose() => _workers.Dispose();

    // On Linux the scheduling policy is field 41 of /proc/[tid]/stat (the command name, field 2, is in
    // parentheses and may hold spaces); elsewhere the workers set the lowest .NET thread priority.
    private static bool RunsAtIdlePriority()
    {
        if (!OperatingSystem.IsLinux())
        {
            return Thread.CurrentThread.Priority == ThreadPriority.Lowest;
        }

        var stat = File.ReadAllText("/proc/thread-self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[41 - 3], System.Globalization.CultureInfo.InvariantCulture) == LinuxSchedIdle;
    }
}
