using LogChat.Grains.Presence;
using Xunit;

namespace LogChat.Grains.Tests.Presence;

public sealed class NatClassifierTests
{
    private const string Observed = "203.0.113.7";
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(true, true, 0, 0, NatType.None)]
    [InlineData(true, false, 0, 0, NatType.FullCone)]
    [InlineData(true, false, 40000, 40001, NatType.FullCone)]
    [InlineData(false, false, 40000, 40000, NatType.Restricted)]
    [InlineData(false, true, 40000, 40000, NatType.Restricted)]
    [InlineData(false, false, 40000, 40001, NatType.Symmetric)]
    public void The_nat_type_follows_from_the_dial_back_the_own_addresses_and_the_two_observed_ports(
        bool reachable, bool observedIsLocal, int firstPort, int secondPort, NatType expected)
    {
        MappingObservation[] observations = firstPort == 0 ? [] :
            [new("gw:1", Observed, firstPort, Now), new("gw:2", Observed, secondPort, Now)];

        var natType = NatClassifier.Classify(reachable, Observed, observedIsLocal ? [Observed] : ["192.168.1.2"], observations, Now);

        Assert.Equal(expected, natType);
    }

    [Fact]
    public void One_endpoints_observations_alone_measure_nothing()
    {
        MappingObservation[] observations = [new("gw:1", Observed, 40000, Now), new("gw:1", Observed, 40001, Now.AddSeconds(1))];

        Assert.Equal(NatType.Unknown, NatClassifier.Classify(false, Observed, [], observations, Now.AddSeconds(2)));
    }

    [Fact]
    public void Stale_observations_and_those_of_another_address_do_not_count()
    {
        MappingObservation[] observations =
        [
            new("gw:1", Observed, 40000, Now - NatClassifier.ObservationLifetime - TimeSpan.FromSeconds(1)),
            new("gw:2", Observed, 40001, Now),
            new("gw:3", "198.51.100.9", 40002, Now),
        ];

        Assert.Equal(NatType.Unknown, NatClassifier.Classify(false, Observed, [], observations, Now));
    }
}
