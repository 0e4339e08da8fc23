using LogChat.Client.Coordinator;

namespace LogChat.Client.Tests.Coordinator;

public sealed class CoordinatorAddressTests
{
    [Theory]
    [InlineData("http://10.0.0.5:50051")]
    [InlineData("http://coordinator.example:50051")]
    [InlineData("http://[2001:db8::1]:50051")]
    public void Plaintext_to_a_non_loopback_address_is_refused(string url)
    {
        var refused = Assert.Throws<InsecureTransportException>(() => CoordinatorAddress.Parse(url));

        Assert.Contains("https://", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:50051")]
    [InlineData("http://localhost:50051")]
    [InlineData("http://[::1]:50051")]
    [InlineData("https://coordinator.example")]
    public void Plaintext_to_loopback_and_tls_anywhere_are_accepted(string url)
    {
        Assert.Equal(new Uri(url), CoordinatorAddress.Parse(url));
    }

    [Fact]
    public void Jittered_backoff_grows_but_stays_under_its_ceiling()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1));

        var waits = Enumerable.Range(0, 10).Select(_ => backoff.Next()).ToList();

        Assert.All(waits, wait => Assert.InRange(wait, TimeSpan.Zero, TimeSpan.FromSeconds(1)));
        Assert.True(waits[^1] >= TimeSpan.FromMilliseconds(500));
        backoff.Reset();
        Assert.True(backoff.Next() <= TimeSpan.FromMilliseconds(100));
    }
}
