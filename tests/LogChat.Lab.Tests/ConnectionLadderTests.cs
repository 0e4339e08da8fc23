using LogChat.Lab.Tests.Network;
using Xunit.Abstractions;

namespace LogChat.Lab.Tests;

/// <summary>
/// Every ordered pair of {public address, router with a forwarded port, cone router, symmetric router}, each side behind
/// a router of its own, with default settings (the forwarder names its port): the coordinator picks the rung of the
/// connection ladder from what it measured, and the chat runs over it both ways; pairs with no direct path are refused
/// at once, saying so.
/// </summary>
[Collection(LabCollection.Name)]
[Trait("Category", "Lab")]
[Trait("Category", "Postgres")]
public sealed class ConnectionLadderTests(LabFixture lab, ITestOutputHelper output)
{
    private static readonly TimeSpan FastRefusal = TimeSpan.FromSeconds(15);

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
    public async Task A_pair_chats_over_the_expected_rung_or_is_refused_at_once(SiteKind initiatorSite, SiteKind responderSite, string path)
    {
        var (initiator, responder) = lab.PairOf(initiatorSite, responderSite);

        if (path == "none")
        {
            var refused = await LabChat.RunRefusedAsync(lab, initiator, responder);
            output.WriteLine($"{initiator} > {responder}: refused after {refused.TotalMilliseconds:0} ms");
            Assert.True(refused < FastRefusal, $"the refusal took {refused.TotalSeconds:0.0} s");
            return;
        }

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
        : "none";

    private static bool IsReachable(SiteKind kind) => kind is SiteKind.Public or SiteKind.Forwarded;
}
