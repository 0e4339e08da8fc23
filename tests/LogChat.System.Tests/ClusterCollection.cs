namespace LogChat.System.Tests;

/// <summary>
/// The multi-process cluster tests run alone, after the others: three silos and several clients share two cores,
/// and a failover measured against a deadline must not wait for an unrelated test's processes.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterCollection
{
    public const string Name = "Cluster";
}
