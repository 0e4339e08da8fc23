namespace LogChat.Gateway.Accounts;

/// <summary>Work refused because <see cref="IdlePriorityWorkers"/> already has as much waiting as it takes.</summary>
public sealed class WorkQueueFullException(int capacity) : InvalidOperationException($"{capacity} pieces of work are waiting already");
