using LogChat.Deploy.Tests.Rendering;

namespace LogChat.Deploy.Tests;

[Collection(RenderedOverlaysCollection.Name)]
public sealed class LoginSaltSecretTests(RenderedOverlays overlays)
{
    private const string Variable = "LOGCHAT_LogChat__LoginSalt__Secret";

    [Theory]
    [MemberData(nameof(RenderedOverlays.Names), MemberType = typeof(RenderedOverlays))]
    public void The_gateway_reads_the_login_salt_secret_from_the_Secret_logchat_login_salt_and_never_from_a_literal(string overlay)
    {
        var entry = overlays[overlay].Gateway.MainContainer["env"].Objects().Single(e => e["name"].Text() == Variable);

        Assert.Null(entry["value"]);
        // The dev overlay's generated Secret carries a content hash after the name.
        Assert.StartsWith("logchat-login-salt", entry["valueFrom"]?["secretKeyRef"]?["name"].Text(), StringComparison.Ordinal);
        Assert.Equal("secret", entry["valueFrom"]?["secretKeyRef"]?["key"].Text());
        Assert.Null(entry["valueFrom"]?["secretKeyRef"]?["optional"]);
    }

    [Fact]
    public void Dev_renders_a_login_salt_secret_of_at_least_32_bytes_and_prod_renders_none()
    {
        var devSecret = overlays[RenderedOverlays.Dev].OfKind("Secret")
            .Single(secret => secret["metadata"]?["name"].Text()?.StartsWith("logchat-login-salt", StringComparison.Ordinal) == true);
        var value = Convert.FromBase64String(devSecret["data"]?["secret"].Text()!);
        var secretBytes = Convert.FromBase64String(System.Text.Encoding.ASCII.GetString(value));

        Assert.True(secretBytes.Length >= 32, $"the dev login salt secret has {secretBytes.Length} bytes");
        Assert.Empty(overlays[RenderedOverlays.Prod].OfKind("Secret"));
    }
}
