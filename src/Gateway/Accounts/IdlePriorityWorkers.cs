using System.Collections.Concurrent;

namespace LogChat.Gateway.Accounts;

/// <summary>
/// A fixed set of dedicated threads that run CPU-heavy work (password hashing) at the lowest scheduling priority
/// the operating system grants an unprivileged process, so that the work only takes CPU time nothing else wants:
/// under load, chat traffic keeps the cores and the queued work waits (docs/decisions.md, "Password hashing").
/// </summary>
public sealed class IdlePriorityWorkers : IDisposable
{
    private readonly BlockingCollection<Action> _queue;
    private readonly Thread[] _threads;

    /// <summary>Starts <paramref name="threadCount"/> threads; at most <paramref name="queueCapacity"/> pieces of work wait for one.</summary>
    public IdlePriorityWorkers(int threadCount, int queueCapacity, string name, Action<string> onPriorityRefused)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threadCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(queueCapacity, 1);
        _queue = new BlockingCollection<Action>(queueCapacity);
        _threads = new Thread[threadCount];
        for (var i = 0; i < threadCount; i++)
        {
            _threads[i] = new Thread(() => Work(onPriorityRefused)) { IsBackground = true, Name = $"{name} {i + 1}" };
            _threads[i].Start();
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> on one of the threads once one is free; cancelling gives up a place in the queue
    /// (work already started runs to its end). When the queue is full the work is refused at once with
    /// <see cref="WorkQueueFullException"/>: a flood of work then costs its senders, not the memory of this process.
    /// </summary>
    public Task<T> RunAsync<T>(Func<T> work, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var registration = cancellationToken.Register(() => completion.TrySetCanceled(cancellationToken));
        var queued = _queue.TryAdd(() =>
        {
            registration.Dispose();
            if (completion.Task.IsCompleted)
            {
                return;
            }

            try
            {
                completion.TrySetResult(work());
            }
            catch (Exception exception)
            {
                completion.TrySetException(exception);
            }
        });
        if (!queued)
        {
            registration.Dispose();
            throw new WorkQueueFullException(_queue.BoundedCapacity);
        }

        return completion.Task;
    }

    public void Dispose()
    {
        _queue.CompleteAdding();
        foreach (var thread in _threads)
        {
            thread.Join();
        }

        _queue.Dispose();
    }

    private void Work(Action<string> onPriorityRefused)
    {
        if (ThreadPriorities.LowerCurrentThreadToIdle() is { } refusal)
        {
            onPriorityRefused(refusal);
        }

        foreach (var item in _queue.GetConsumingEnumerable())
        {
            item();
        }
    }
}
