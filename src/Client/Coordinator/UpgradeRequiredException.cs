using Grpc.Core;
using LogChat.Protocol.Versions;

namespace LogChat.Client.Coordinator;

/// <summary>
/// The coordinator no longer serves this release of <c>logchat</c>: the user has to upgrade. It is the coordinator's
/// FAILED_PRECONDITION status itself, so a best-effort call that ignores a refused call ignores this one too; the
/// message is the sentence for the user.
/// </summary>
public sealed class UpgradeRequiredException : RpcException
{
    private const string DefaultMessage = "Please upgrade: this coordinator needs a newer logchat.";

    public UpgradeRequiredException()
        : this(DefaultMessage)
    {
    }

    public UpgradeRequiredException(string message)
        : base(new Status(StatusCode.FailedPrecondition, message), message)
    {
    }

    public UpgradeRequiredException(string message, Exception innerException)
        : base(new Status(StatusCode.FailedPrecondition, message, innerException), message)
    {
    }

    private UpgradeRequiredException(RpcException refusal, string message)
        : base(refusal.Status, refusal.Trailers, message)
    {
    }

    /// <summary>
    /// The refusal <paramref name="exception"/> stands for when it is the coordinator's refusal of this release
    /// (FAILED_PRECONDITION with the <see cref="VersionHeaders.MinimumClientTrailer"/> trailer); null for any other.
    /// </summary>
    public static UpgradeRequiredException? From(RpcException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception.StatusCode != StatusCode.FailedPrecondition
            || ClientVersion.TryParse(exception.Trailers.GetValue(VersionHeaders.MinimumClientTrailer)) is not { } minimum)
        {
            return null;
        }

        return new UpgradeRequiredException(
            exception, $"Please upgrade: this coordinator needs logchat {minimum} or newer; this is logchat {ClientBuild.Version}.");
    }
}
