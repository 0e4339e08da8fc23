namespace LogChat.Grains.Errors;

/// <summary>What kind of refusal a <see cref="CoordinatorException"/> carries; the gateway maps each to a gRPC status.</summary>
public enum CoordinatorError
{
    /// <summary>The request names something that does not exist.</summary>
    NotFound,

    /// <summary>The caller may not act on what it names.</summary>
    PermissionDenied,

    /// <summary>The request is valid but the system is not in a state that allows it.</summary>
    FailedPrecondition,

    /// <summary>What the request would create exists already.</summary>
    AlreadyExists,

    /// <summary>The request itself is malformed.</summary>
    InvalidArgument,
}
