namespace LogChat.Grains.RateLimits;

// Failures are remembered while the grain is active: for half an hour after the last attempt, far longer than the
// longest wait, so an attacker who pauses starts again from where he stopped, not from free attempts.
[CollectionAgeLimit(Minutes = 30)]
public sealed class LoginBackoffGrain(TimeProvider clock) : LogChatGrain, ILoginBackoffGrain
{
    private int _failures;
    private DateTimeOffset _nextAttemptAt;

    public Task<LoginAdmission> TryAttempt(LoginBackoffPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var now = clock.GetUtcNow();
        if (now < _nextAttemptAt)
        {
            return Task.FromResult(new LoginAdmission(_nextAttemptAt - now, _failures));
        }

        if (_failures == 0)
        {
            // Nothing to remember: the users who log in correctly do not keep an activation each for half an hour.
            DeactivateOnIdle();
        }
        else if (_failures >= policy.FreeFailures)
        {
            _nextAttemptAt = now + policy.DelayAfter(_failures);
        }

        return Task.FromResult(new LoginAdmission(null, _failures));
    }

    public Task RecordFailure(LoginBackoffPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        _failures++;
        var next = clock.GetUtcNow() + policy.DelayAfter(_failures);
        if (next > _nextAttemptAt)
        {
            _nextAttemptAt = next;
        }

        return Task.CompletedTask;
    }

    public Task Clear()
    {
        _failures = 0;
        _nextAttemptAt = default;
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}
