using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using LogChat.Hosting.Admin;
using Microsoft.AspNetCore.Http;

namespace LogChat.Silo.Admin;

/// <summary>HTTP basic authentication in front of the Orleans dashboard, which has none of its own.</summary>
public sealed class DashboardBasicAuthentication(AdminOptions options) : IEndpointFilter
{
    private const int MaxCredentialsLength = 1024;
    private const string Realm = "Basic realm=\"LogChat dashboard\", charset=\"UTF-8\"";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (IsAuthorized(context.HttpContext.Request.Headers.Authorization.ToString()))
        {
            return await next(context);
        }

        context.HttpContext.Response.Headers.WWWAuthenticate = Realm;
        return Results.Unauthorized();
    }

    private bool IsAuthorized(string header)
    {
        if (!AuthenticationHeaderValue.TryParse(header, out var value)
            || !string.Equals(value.Scheme, "Basic", StringComparison.OrdinalIgnoreCase)
            || value.Parameter is not { Length: <= MaxCredentialsLength })
        {
            return false;
        }

        Span<byte> decoded = stackalloc byte[value.Parameter.Length];
        if (!Convert.TryFromBase64String(value.Parameter, decoded, out var length))
        {
            return false;
        }

        var expected = Encoding.UTF8.GetBytes($"{options.DashboardUser}:{options.DashboardPassword}");
        try
        {
            return CryptographicOperations.FixedTimeEquals(decoded[..length], expected);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(expected);
            CryptographicOperations.ZeroMemory(decoded);
        }
    }
}
