namespace LogChat.Grains.Errors;

/// <summary>
/// A refusal whose message is meant for the user (it never contains secrets). Build it with the factory named after
/// its kind. There is no constructor from a message alone: a refusal without a kind would reach the client as the
/// wrong status (the gateway answers <see cref="CoordinatorError.Unspecified"/> as a bug).
/// </summary>
[GenerateSerializer]
public sealed class CoordinatorException : Exception
{
    public CoordinatorException(CoordinatorError error, string message)
        : base(message)
    {
        Error = error;
    }

    /// <summary>The kind of refusal.</summary>
    [Id(0)]
    public CoordinatorError Error { get; init; }

    /// <summary>For <see cref="CoordinatorError.ResourceExhausted"/> and <see cref="CoordinatorError.Unavailable"/>: how long to wait before trying again, if known.</summary>
    [Id(1)]
    public TimeSpan? RetryAfter { get; init; }

    public static CoordinatorException NotFound(string message) => new(CoordinatorError.NotFound, message);

    public static CoordinatorException PermissionDenied(string message) => new(CoordinatorError.PermissionDenied, message);

    public static CoordinatorException FailedPrecondition(string message) => new(CoordinatorError.FailedPrecondition, message);

    public static CoordinatorException AlreadyExists(string message) => new(CoordinatorError.AlreadyExists, message);

    public static CoordinatorException InvalidArgument(string message) => new(CoordinatorError.InvalidArgument, message);

    public static CoordinatorException Unauthenticated(string message) => new(CoordinatorError.Unauthenticated, message);

    public static CoordinatorException ResourceExhausted(string message, TimeSpan? retryAfter = null) =>
        new(CoordinatorError.ResourceExhausted, message) { RetryAfter = retryAfter };

    public static CoordinatorException Unavailable(string message, TimeSpan? retryAfter = null) =>
        new(CoordinatorError.Unavailable, message) { RetryAfter = retryAfter };

    public static CoordinatorException Cancelled(string message) => new(CoordinatorError.Cancelled, message);
}
