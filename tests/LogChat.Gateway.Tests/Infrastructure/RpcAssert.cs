using Grpc.Core;
using Xunit;

namespace LogChat.Gateway.Tests.Infrastructure;

/// <summary>Asserts that a call fails with a precise status.</summary>
public static class RpcAssert
{
    public static async Task<RpcException> FailsAsync(StatusCode expected, Func<Task> call, string? messageContains = null)
    {
        var error = await Assert.ThrowsAsync<RpcException>(call);
        Assert.Equal(expected, error.StatusCode);
        if (messageContains is not null)
        {
            Assert.Contains(messageContains, error.Status.Detail, StringComparison.Ordinal);
        }

        return error;
    }

    /// <summary>The status a call ends with: OK, or the code it failed with.</summary>
    public static async Task<StatusCode> StatusOfAsync(Func<Task> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        try
        {
            await call();
            return StatusCode.OK;
        }
        catch (RpcException e)
        {
            return e.StatusCode;
        }
    }
}
