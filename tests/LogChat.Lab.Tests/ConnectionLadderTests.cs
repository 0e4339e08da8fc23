using LogChat.Lab.Tests.Network;
using Xunit.Abstractions;

namespace LogChat.Lab.Tests;

/// <summary>
/// Every ordered pair of {public address, router with a forwarded port, cone router, symmetric router}, each side behind
/// a router of its own, with default settings (the forwarder names its port): the coordinator picks the rung of the
/// connection ladder from what it measured, and the chat runs over it both ways; pairs with no direct path go through
/// the relay.
/// </summary>
[Collection(LabCollection.Name)]
[Trait("Category", "Lab")]
[Trait("Category", "Postgres")]
public sealed class ConnectionLadderTests(LabFixture lab, ITestOutputHelper output)
{
    public static TheoryData<SiteKind, SiteKind, string> Pairs()
    {
        var kinds = new[] { SiteKind.Public, SiteKind.Forwarded, SiteKind.Cone, SiteKind.Symmetric };
        var pairs = new TheoryData<SiteKind, SiteKind, string>();
        foreach (var initiator in kinds)
        {
            foreach (var responder in kinds)
            {
                pairs.Add(initiator, responder, ExpectedPath(initiator, responder));
            }
        }

        return pairs;
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public async Task A_pair_chats_over_the_expected_rung(SiteKind initiatorSite, SiteKind responderSite, string path)
    {
        var (initiator, responder) = lab.PairOf(initiatorSite, responderSite);

        var timings = await LabChat.RunAsync(lab, initiator, responder, path);
        output.WriteLine($"{initiator} > {responder} ({path}): {timings}");
    }

    [Fact]
    public async Task Two_clients_behind_one_cone_router_chat_over_their_LAN()
    {
        var timings = await LabChat.RunAsync(lab, lab.Cone1, lab.Cone2, "direct");

        output.WriteLine($"{lab.Cone1} > {lab.Cone2} (direct, over the LAN): {timings}");
    }

    private static string ExpectedPath(SiteKind initiator, SiteKind responder) =>
        IsReachable(initiator) ? "direct"
        : IsReachable(responder) ? "reversed"
        : initiator == SiteKind.Cone && responder == SiteKind.Cone ? "punched"
        : "relayed";

    private static bool IsReachable(SiteKind kind) => kind is SiteKind.Public or SiteKind.Forwarded;
}
