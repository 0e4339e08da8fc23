namespace LogChat.Grains.Errors;

/// <summary>A refusal whose message is meant for the user (it never contains secrets).</summary>
[GenerateSerializer]
public sealed class CoordinatorException : Exception
{
    public CoordinatorException()
    {
    }

    public CoordinatorException(string message)
        : base(message)
    {
    }

    public CoordinatorException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public CoordinatorException(CoordinatorError error, string message)
        : base(message)
    {
        Error = error;
    }

    /// <summary>The kind of refusal.</summary>
    [Id(0)]
    public CoordinatorError Error { get; init; }

    public static CoordinatorException NotFound(string message) => new(CoordinatorError.NotFound, message);

    public static CoordinatorException PermissionDenied(string message) => new(CoordinatorError.PermissionDenied, message);

    public static CoordinatorException FailedPrecondition(string message) => new(CoordinatorError.FailedPrecondition, message);

    public static CoordinatorException AlreadyExists(string message) => new(CoordinatorError.AlreadyExists, message);
}
