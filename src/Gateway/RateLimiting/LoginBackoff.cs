using LogChat.Gateway.Telemetry;
using LogChat.Grains.Errors;
using LogChat.Grains.RateLimits;
using Microsoft.Extensions.Options;

namespace LogChat.Gateway.RateLimiting;

/// <summary>
/// The per-username login limit: only failures count, and past a few they make the next attempt wait, doubling up to
/// a bound, instead of locking the user out for a window (<see cref="ILoginBackoffGrain"/>).
/// </summary>
public sealed class LoginBackoff(IGrainFactory grains, IOptions<RateLimitOptions> options, GatewayMetrics metrics)
{
    private readonly LoginBackoffPolicy _policy = new(options.Value.LoginFreeFailures, options.Value.LoginBackoffBase, options.Value.LoginBackoffMax);

    /// <summary>Admits one attempt at <paramref name="username"/>, or refuses it with the wait.</summary>
    public async Task<LoginAttempt> AdmitAsync(string username)
    {
        var grain = grains.GetGrain<ILoginBackoffGrain>(username);
        var admission = await grain.TryAttempt(_policy);
        if (admission.Wait is { } wait)
        {
            metrics.RateLimited("login_backoff");
            var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
            throw CoordinatorException.ResourceExhausted($"too many failed logins for this user: try again in {seconds} s", wait);
        }

        return new LoginAttempt(grain, _policy, admission.Failures);
    }
}

/// <summary>An admitted login attempt, to be told how it ended.</summary>
public sealed class LoginAttempt(ILoginBackoffGrain grain, LoginBackoffPolicy policy, int failuresBefore)
{
    /// <summary>A wrong username or password: the next attempt may have to wait.</summary>
    public Task FailedAsync() => grain.RecordFailure(policy);

    /// <summary>A correct login: earlier failures are forgotten (no call when there were none).</summary>
    public Task SucceededAsync() => failuresBefore == 0 ? Task.CompletedTask : grain.Clear();
}
