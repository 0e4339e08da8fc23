using Proto = LogChat.Protocol.Coordinator.V1;
using Domain = LogChat.Grains;

namespace LogChat.Gateway.Rpc;

/// <summary>Conversions between the wire enums and the grains' enums.</summary>
public static class ProtoEnums
{
    public static Domain.Presence.NatType ToDomain(this Proto.NatType natType) => natType switch
    {
        Proto.NatType.None => Domain.Presence.NatType.None,
        Proto.NatType.FullCone => Domain.Presence.NatType.FullCone,
        Proto.NatType.Restricted => Domain.Presence.NatType.Restricted,
        Proto.NatType.Symmetric => Domain.Presence.NatType.Symmetric,
        _ => Domain.Presence.NatType.Unknown,
    };

    public static Proto.NatType ToProto(this Domain.Presence.NatType natType) => natType switch
    {
        Domain.Presence.NatType.None => Proto.NatType.None,
        Domain.Presence.NatType.FullCone => Proto.NatType.FullCone,
        Domain.Presence.NatType.Restricted => Proto.NatType.Restricted,
        Domain.Presence.NatType.Symmetric => Proto.NatType.Symmetric,
        _ => Proto.NatType.Unknown,
    };

    public static Proto.SessionRole ToProto(this Domain.Sessions.SessionRole role) => role switch
    {
        Domain.Sessions.SessionRole.Host => Proto.SessionRole.Host,
        Domain.Sessions.SessionRole.Dial => Proto.SessionRole.Dial,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "no participant has this role"),
    };

    /// <summary>The domain's reason; UNSPECIFIED and values this build does not know become Unspecified, which the session refuses.</summary>
    public static Domain.Sessions.SessionEndReason ToDomain(this Proto.EndReason reason) => reason switch
    {
        Proto.EndReason.Completed => Domain.Sessions.SessionEndReason.Completed,
        Proto.EndReason.Declined => Domain.Sessions.SessionEndReason.Declined,
        Proto.EndReason.RequestTimeout => Domain.Sessions.SessionEndReason.RequestTimeout,
        Proto.EndReason.HostReadyTimeout => Domain.Sessions.SessionEndReason.HostReadyTimeout,
        Proto.EndReason.NoConnectionPath => Domain.Sessions.SessionEndReason.NoConnectionPath,
        Proto.EndReason.ParticipantOffline => Domain.Sessions.SessionEndReason.ParticipantOffline,
        Proto.EndReason.ConnectionFailed => Domain.Sessions.SessionEndReason.ConnectionFailed,
        Proto.EndReason.HeartbeatTimeout => Domain.Sessions.SessionEndReason.HeartbeatTimeout,
        Proto.EndReason.ProtocolError => Domain.Sessions.SessionEndReason.ProtocolError,
        Proto.EndReason.PeerDisconnected => Domain.Sessions.SessionEndReason.PeerDisconnected,
        Proto.EndReason.Busy => Domain.Sessions.SessionEndReason.Busy,
        _ => Domain.Sessions.SessionEndReason.Unspecified,
    };

    public static Proto.EndReason ToProto(this Domain.Sessions.SessionEndReason reason) => reason switch
    {
        Domain.Sessions.SessionEndReason.Completed => Proto.EndReason.Completed,
        Domain.Sessions.SessionEndReason.Declined => Proto.EndReason.Declined,
        Domain.Sessions.SessionEndReason.RequestTimeout => Proto.EndReason.RequestTimeout,
        Domain.Sessions.SessionEndReason.HostReadyTimeout => Proto.EndReason.HostReadyTimeout,
        Domain.Sessions.SessionEndReason.NoConnectionPath => Proto.EndReason.NoConnectionPath,
        Domain.Sessions.SessionEndReason.ParticipantOffline => Proto.EndReason.ParticipantOffline,
        Domain.Sessions.SessionEndReason.ConnectionFailed => Proto.EndReason.ConnectionFailed,
        Domain.Sessions.SessionEndReason.HeartbeatTimeout => Proto.EndReason.HeartbeatTimeout,
        Domain.Sessions.SessionEndReason.ProtocolError => Proto.EndReason.ProtocolError,
        Domain.Sessions.SessionEndReason.PeerDisconnected => Proto.EndReason.PeerDisconnected,
        Domain.Sessions.SessionEndReason.Busy => Proto.EndReason.Busy,
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "no session ends without a reason"),
    };

    public static Proto.ConnectionPath ToProto(this Domain.Sessions.ConnectionPath path) => path switch
    {
        Domain.Sessions.ConnectionPath.Direct => Proto.ConnectionPath.Direct,
        Domain.Sessions.ConnectionPath.Reversed => Proto.ConnectionPath.Reversed,
        Domain.Sessions.ConnectionPath.Punched => Proto.ConnectionPath.Punched,
        Domain.Sessions.ConnectionPath.Relayed => Proto.ConnectionPath.Relayed,
        _ => Proto.ConnectionPath.Unspecified,
    };

    public static Domain.Sessions.ConnectionPath ToDomain(this Proto.ConnectionPath path) => path switch
    {
        Proto.ConnectionPath.Direct => Domain.Sessions.ConnectionPath.Direct,
        Proto.ConnectionPath.Reversed => Domain.Sessions.ConnectionPath.Reversed,
        Proto.ConnectionPath.Punched => Domain.Sessions.ConnectionPath.Punched,
        Proto.ConnectionPath.Relayed => Domain.Sessions.ConnectionPath.Relayed,
        _ => Domain.Sessions.ConnectionPath.Unspecified,
    };
}
