namespace LogChat.Grains.RateLimits;

/// <summary>
/// The failed logins of one username (the grain key), cluster-wide. Only failures count, and they slow attempts down
/// rather than lock the account: the wait is bounded, and a correct login clears it.
/// </summary>
public interface ILoginBackoffGrain : IGrainWithStringKey
{
    /// <summary>
    /// Admits a login attempt, or says how long until one is admitted. Past the free failures an admitted attempt
    /// holds the next slot at once, so attempts sent in parallel cannot all slip through one opening.
    /// </summary>
    Task<LoginAdmission> TryAttempt(LoginBackoffPolicy policy);

    /// <summary>Counts a wrong password and lengthens the wait.</summary>
    Task RecordFailure(LoginBackoffPolicy policy);

    /// <summary>A correct login: the failures are forgotten.</summary>
    Task Clear();
}
