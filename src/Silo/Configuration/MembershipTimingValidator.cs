using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace LogChat.Silo.Configuration;

/// <summary>
/// Refuses failure-detection settings (section <c>LogChat:Cluster:Membership</c>) with which silos could never
/// declare a dead silo dead, or would declare live ones dead, naming the key to fix.
/// </summary>
internal sealed class MembershipTimingValidator : IValidateOptions<ClusterMembershipOptions>
{
    private const string Section = ClusterNodeOptions.MembershipSectionName;

    public ValidateOptionsResult Validate(string? name, ClusterMembershipOptions options)
    {
        var failures = new List<string>();
        RequirePositive(failures, nameof(options.ProbeTimeout), options.ProbeTimeout);
        RequirePositive(failures, nameof(options.MinProbeTimeout), options.MinProbeTimeout);
        RequirePositive(failures, nameof(options.TableRefreshTimeout), options.TableRefreshTimeout);
        RequirePositive(failures, nameof(options.DeathVoteExpirationTimeout), options.DeathVoteExpirationTimeout);
        RequirePositive(failures, nameof(options.IAmAliveTablePublishTimeout), options.IAmAliveTablePublishTimeout);
        RequirePositive(failures, nameof(options.MaxJoinAttemptTime), options.MaxJoinAttemptTime);
        if (options.MaxProbeTimeout < options.MinProbeTimeout)
        {
            failures.Add($"{Section}:MaxProbeTimeout ({options.MaxProbeTimeout}) must not be shorter than {Section}:MinProbeTimeout ({options.MinProbeTimeout}).");
        }

        if (options.NumMissedProbesLimit < 1)
        {
            failures.Add($"{Section}:NumMissedProbesLimit must be at least 1, not {options.NumMissedProbesLimit}.");
        }

        if (options.NumMissedTableIAmAliveLimit < 1)
        {
            failures.Add($"{Section}:NumMissedTableIAmAliveLimit must be at least 1, not {options.NumMissedTableIAmAliveLimit}.");
        }

        if (options.NumProbedSilos < 1)
        {
            failures.Add($"{Section}:NumProbedSilos must be at least 1, not {options.NumProbedSilos}.");
        }

        if (options.NumVotesForDeathDeclaration < 1 || options.NumVotesForDeathDeclaration > options.NumProbedSilos)
        {
            failures.Add($"{Section}:NumVotesForDeathDeclaration must be between 1 and {Section}:NumProbedSilos ({options.NumProbedSilos}), not {options.NumVotesForDeathDeclaration}.");
        }

        if (options.DeathVoteExpirationTimeout > TimeSpan.Zero && options.DeathVoteExpirationTimeout < options.MaxProbeTimeout * options.NumMissedProbesLimit)
        {
            failures.Add($"{Section}:DeathVoteExpirationTimeout ({options.DeathVoteExpirationTimeout}) must outlast the detection window, "
                + $"MaxProbeTimeout x NumMissedProbesLimit ({options.MaxProbeTimeout * options.NumMissedProbesLimit}): votes would expire before they add up.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void RequirePositive(List<string> failures, string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{Section}:{key} must be a positive duration, not {value}.");
        }
    }
}
