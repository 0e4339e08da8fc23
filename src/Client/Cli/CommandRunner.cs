using System.CommandLine;
using System.Security.Authentication;
using Grpc.Core;
using LogChat.Client.Chat;
using LogChat.Client.Coordinator;
using LogChat.Client.Keys;
using LogChat.Client.Peer;

namespace LogChat.Client.Cli;

/// <summary>
/// Runs a command's body with the common settings and turns every expected failure into one clear line
/// on stderr and a non-zero exit status (never a stack trace, never a secret).
/// </summary>
public static class CommandRunner
{
    public static Func<ParseResult, CancellationToken, Task<int>> Wrap(
        GlobalOptions options,
        Func<ParseResult, ClientSettings, CancellationToken, Task<int>> body)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(body);
        return async (parse, cancellationToken) =>
        {
            try
            {
                var settings = options.Read(parse);
                return await body(parse, settings, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                StatusLine.Write("Interrupted.");
                return ExitCodes.Interrupted;
            }
            catch (UpgradeRequiredException ex)
            {
                StatusLine.Write(ex.Message);
                return ExitCodes.UpgradeRequired;
            }
            catch (RpcException ex)
            {
                StatusLine.Write(Describe(ex));
                return ExitCodes.Failure;
            }
            catch (Exception ex) when (ex is UserFacingException or WrongPasswordException or IdentityKeyChangedException
                or ChatSetupException or PeerConnectionException or InsecureTransportException or CoordinatorRefusedException or CoordinatorProtocolException
                or ArgumentException or FileNotFoundException or InvalidDataException)
            {
                StatusLine.Write(ex.Message);
                return ExitCodes.Failure;
            }
        };
    }

    /// <summary>The one line a user reads for a failed coordinator call.</summary>
    public static string Describe(RpcException ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        return ex.StatusCode switch
        {
            _ when CertificateProblem(ex.Status.DebugException) is { } problem =>
                $"logchat did not connect: the coordinator's TLS certificate is not trusted on this machine ({problem}). " +
                "Check --server. To trust a coordinator's own certificate authority, set SSL_CERT_FILE to its PEM file or install it on this machine.",
            StatusCode.Unavailable when GatewayFailure.FaultRetryAfter(ex) is not null =>
                $"The coordinator is temporarily unavailable ({ex.Status.Detail}). Try again in a moment.",
            StatusCode.Unavailable => "Cannot reach the coordinator. Is it running, and is --server right?",
            _ when GatewayFailure.IsGatewayLoss(ex) =>
                "The coordinator's gateway shut down while this request was on its way, so it may or may not have been carried out. Check, then try again.",
            StatusCode.DeadlineExceeded => "The coordinator did not answer in time.",
            _ when string.IsNullOrWhiteSpace(ex.Status.Detail) => $"The coordinator refused the request ({ex.StatusCode}).",
            _ => ex.Status.Detail,
        };
    }

    // Why this machine refused the coordinator's certificate in the TLS handshake, if that is how the call failed.
    private static string? CertificateProblem(Exception? failure)
    {
        for (var cause = failure; cause is not null; cause = cause.InnerException)
        {
            if (cause is AuthenticationException refused)
            {
                return refused.Message;
            }
        }

        return null;
    }
}
