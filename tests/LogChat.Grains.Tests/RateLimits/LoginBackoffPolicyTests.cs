using LogChat.Grains.RateLimits;
using Xunit;

namespace LogChat.Grains.Tests.RateLimits;

public sealed class LoginBackoffPolicyTests
{
    private static readonly LoginBackoffPolicy Policy = new(3, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));

    [Theory]
    [InlineData(0, 0)]
    [InlineData(2, 0)]
    [InlineData(3, 1)]
    [InlineData(4, 2)]
    [InlineData(7, 16)]
    [InlineData(11, 256)]
    [InlineData(12, 300)]
    [InlineData(1_000_000, 300)]
    public void The_wait_is_free_then_doubles_with_each_failure_up_to_the_bound(int failures, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), Policy.DelayAfter(failures));
}
