using System.Net;
using LogChat.Relay.Connections;

namespace LogChat.Relay.Tests;

public sealed class AddressLimiterTests
{
    [Fact]
    public void IPv6_addresses_in_one_64_bit_prefix_share_a_limit_and_other_prefixes_do_not()
    {
        var a = AddressLimiter.SourceOf(new IPEndPoint(IPAddress.Parse("2001:db8:1:2::1"), 1));
        var b = AddressLimiter.SourceOf(new IPEndPoint(IPAddress.Parse("2001:db8:1:2:ffff:ffff:ffff:ffff"), 2));
        var c = AddressLimiter.SourceOf(new IPEndPoint(IPAddress.Parse("2001:db8:1:3::1"), 1));

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void An_IPv4_address_counts_the_same_whether_it_arrives_plain_or_mapped_to_IPv6()
    {
        var plain = AddressLimiter.SourceOf(new IPEndPoint(IPAddress.Parse("198.51.100.7"), 1));
        var mapped = AddressLimiter.SourceOf(new IPEndPoint(IPAddress.Parse("::ffff:198.51.100.7"), 2));
        var neighbour = AddressLimiter.SourceOf(new IPEndPoint(IPAddress.Parse("198.51.100.8"), 1));

        Assert.Equal(plain, mapped);
        Assert.NotEqual(plain, neighbour);
    }
}
