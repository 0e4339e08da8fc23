namespace LogChat.Protocol.Versions;

/// <summary>
/// The revision of the client-coordinator contract (protos/logchat/coordinator/v1/coordinator.proto and the rules
/// around it) a build speaks. It goes up when a change means an older client could no longer work correctly with a
/// coordinator that relies on the change; compatible additions leave it alone.
/// </summary>
public static class CoordinatorProtocol
{
    /// <summary>
    /// 2: the login secret derived on the device replaced the password (docs/protocol.md, "Passwords"). Protocol 1
    /// clients sent the password and can no longer register or log in.
    /// </summary>
    public const int Version = 2;
}
