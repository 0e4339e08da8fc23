using System.Globalization;
using System.Net;

namespace LogChat.Lab.Tests.Network;

/// <summary>The nftables ruleset of a site's router: its interfaces are "wan" (the internet) and "lan" (its clients).</summary>
internal static class RouterRules
{
    public static string For(SiteKind kind, IPAddress firstClient) => kind switch
    {
        SiteKind.Forwarded => Ruleset("masquerade", PortForward(firstClient)),
        SiteKind.Cone => Ruleset("masquerade", string.Empty),
        SiteKind.Symmetric => Ruleset("masquerade fully-random", string.Empty),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "A public site has no router."),
    };

    // Connections opened from the internet are dropped, both to the router itself and through it (except the forwarded
    // port): no reset answers a stray packet, so an outbound mapping survives one, as on a home router.
    private static string Ruleset(string masquerade, string prerouting) => $$"""
        table ip lab {
            chain prerouting {
                type nat hook prerouting priority dstnat;
                {{prerouting}}
            }
            chain postrouting {
                type nat hook postrouting priority srcnat;
                oifname "wan" {{masquerade}}
            }
            chain input {
                type filter hook input priority filter;
                iifname "wan" ct state new drop
            }
            chain forward {
                type filter hook forward priority filter;
                iifname "wan" ct status dnat accept
                iifname "wan" ct state new drop
            }
        }
        """;

    private static string PortForward(IPAddress client) =>
        string.Create(CultureInfo.InvariantCulture, $"iifname \"wan\" tcp dport {NetworkLab.ForwardedPort} dnat to {client}:{NetworkLab.ForwardedPort}");
}
