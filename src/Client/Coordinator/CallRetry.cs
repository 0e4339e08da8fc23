namespace LogChat.Client.Coordinator;

/// <summary>When a coordinator call may be sent again to another gateway after the first one failed.</summary>
internal enum CallRetry
{
    /// <summary>Running it twice does no harm (lookups, presence, logout): retry whenever the gateway was lost.</summary>
    Idempotent,

    /// <summary>Running it twice would act twice (a chat request): retry only when the request surely never left.</summary>
    OnlyIfNeverSent,
}
