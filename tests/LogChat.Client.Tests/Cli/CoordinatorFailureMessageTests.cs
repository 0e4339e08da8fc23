using System.Security.Authentication;
using Grpc.Core;
using LogChat.Client.Cli;

namespace LogChat.Client.Tests.Cli;

public sealed class CoordinatorFailureMessageTests
{
    [Fact]
    public void A_call_cut_off_by_a_gateway_shutting_down_says_it_may_have_been_carried_out()
    {
        var closed = new HttpProtocolException(0, "The HTTP/2 server closed the connection. HTTP/2 error code 'NO_ERROR' (0x0).", null);
        var cutOff = new RpcException(new Status(
            StatusCode.Internal,
            "Error starting gRPC call.",
            new HttpRequestException(HttpRequestError.HttpProtocolError, closed.Message, closed)));

        var message = CommandRunner.Describe(cutOff);

        Assert.Contains("may or may not have been carried out", message, StringComparison.Ordinal);
        Assert.DoesNotContain("HTTP/2", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(StatusCode.Internal)]
    [InlineData(StatusCode.Unavailable)]
    public void A_coordinator_certificate_this_machine_does_not_trust_is_named_as_the_reason(StatusCode status)
    {
        var untrusted = new AuthenticationException("The remote certificate is invalid because of errors in the certificate chain: UntrustedRoot");
        var refused = new RpcException(new Status(
            status,
            "Error starting gRPC call.",
            new HttpRequestException("The SSL connection could not be established, see inner exception.", untrusted)));

        var message = CommandRunner.Describe(refused);

        Assert.StartsWith("logchat did not connect: the coordinator's TLS certificate is not trusted on this machine (", message, StringComparison.Ordinal);
        Assert.Contains("UntrustedRoot", message, StringComparison.Ordinal);
        Assert.DoesNotContain("gRPC", message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_internal_error_the_coordinator_sent_is_shown_as_it_said_it()
    {
        var refused = new RpcException(new Status(StatusCode.Internal, "The coordinator could not finish the request."));

        Assert.Equal("The coordinator could not finish the request.", CommandRunner.Describe(refused));
    }
}
