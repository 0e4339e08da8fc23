using LogChat.Deploy.Tests.Rendering;

namespace LogChat.Deploy.Tests;

[Collection(RenderedOverlaysCollection.Name)]
public sealed class ProductionSurfaceTests(RenderedOverlays overlays)
{
    private const string Reflection = "LOGCHAT_LogChat__Gateway__Reflection";
    private const string DashboardUrl = "LOGCHAT_LogChat__Admin__DashboardUrl";

    [Fact]
    public void Prod_gateways_serve_no_gRPC_reflection_and_dev_gateways_do()
    {
        var prod = overlays[RenderedOverlays.Prod];
        var dev = overlays[RenderedOverlays.Dev];

        Assert.NotEqual("true", prod.EnvironmentValue(prod.Gateway, prod.Gateway.MainContainer, Reflection)?.ToLowerInvariant());
        Assert.Equal("true", dev.EnvironmentValue(dev.Gateway, dev.Gateway.MainContainer, Reflection));
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.Names), MemberType = typeof(RenderedOverlays))]
    public void The_dashboard_listens_on_loopback_only_and_no_port_or_Service_exposes_it(string overlay)
    {
        var manifests = overlays[overlay];
        foreach (var silo in manifests.LogChatSilos)
        {
            var url = manifests.EnvironmentValue(silo, silo.MainContainer, DashboardUrl);
            Assert.True(url is not null && new Uri(url).IsLoopback, $"{silo}: the dashboard listens on {url ?? "nothing"}, not on loopback");
            var port = new Uri(url!).Port;
            Assert.DoesNotContain(silo.MainContainer["ports"].Objects(), declared => declared["containerPort"].Number() == port);
            Assert.DoesNotContain(manifests.OfKind("Service").SelectMany(service => service["spec"]?["ports"].Objects() ?? []),
                exposed => exposed["targetPort"].Number() == port || exposed["port"].Number() == port);
        }
    }
}
