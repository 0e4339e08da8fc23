namespace LogChat.Grains.Errors;

/// <summary>What kind of refusal a <see cref="CoordinatorException"/> carries; the gateway maps each to a gRPC status.</summary>
public enum CoordinatorError
{
    /// <summary>No kind was given: a bug in whatever threw it, never a refusal a client should act on.</summary>
    Unspecified = 0,

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

    /// <summary>The caller did not prove who it is: no token, a bad one, or wrong credentials.</summary>
    Unauthenticated,

    /// <summary>The caller used up a limit; <see cref="CoordinatorException.RetryAfter"/> says when it renews, if known.</summary>
    ResourceExhausted,

    /// <summary>The service cannot answer now, and the same request may succeed later or elsewhere.</summary>
    Unavailable,

    /// <summary>The caller gave up on the call.</summary>
    Cancelled,
}
