using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using LogChat.Gateway.Rpc;
using LogChat.Grains.Accounts;
using LogChat.Grains.Events;
using LogChat.Protocol.Coordinator.V1;

namespace LogChat.Gateway.Connections;

/// <summary>Turns the grains' events into Connect stream messages.</summary>
public static class ServerEventMapper
{
    public static ServerEvent ToServerEvent(ClientEvent clientEvent) => clientEvent switch
    {
        ChatRequestedEvent e => new ServerEvent
        {
            ChatRequested = new ChatRequested
            {
                SessionId = e.SessionId.ToString(),
                FromUserId = e.From.UserId.ToString(),
                FromUsername = e.From.Username,
                FromIdentityKey = IdentityKeyOf(e.From),
                ExpiresAt = Timestamp.FromDateTimeOffset(e.ExpiresAt),
            },
        },
        SessionInfoEvent e => new ServerEvent
        {
            SessionInfo = new SessionInfo
            {
                SessionId = e.SessionId.ToString(),
                Role = e.Role.ToProto(),
                PeerUserId = e.Peer.UserId.ToString(),
                PeerUsername = e.Peer.Username,
                PeerIdentityKey = IdentityKeyOf(e.Peer),
                Initiator = e.Initiator,
                HostAddress = e.Host?.Address ?? string.Empty,
                HostPort = (uint)(e.Host?.Port ?? 0),
                HostCertificateSha256 = ByteString.CopyFrom(e.Host?.CertificateSha256 ?? []),
                Path = e.Path.ToProto(),
                HostLanAddresses = { e.Host?.LanAddresses ?? [] },
            },
        },
        PunchGoEvent e => new ServerEvent
        {
            PunchGo = new PunchGo
            {
                SessionId = e.SessionId.ToString(),
                Peer = new NetworkEndpoint { Address = e.PeerAddress, Port = (uint)e.PeerPort },
                HostCertificateSha256 = ByteString.CopyFrom(e.HostCertificateSha256 ?? []),
                StartInMs = (uint)e.StartIn.TotalMilliseconds,
            },
        },
        RelayGoEvent e => new ServerEvent
        {
            RelayGo = new RelayGo
            {
                SessionId = e.SessionId.ToString(),
                RelayAddress = e.RelayAddress,
                RelayPort = (uint)e.RelayPort,
                Ticket = ByteString.CopyFrom(e.Ticket),
                Side = e.Side.ToProto(),
                HostCertificateSha256 = ByteString.CopyFrom(e.HostCertificateSha256 ?? []),
                ExpiresAt = Timestamp.FromDateTimeOffset(e.ExpiresAt),
            },
        },
        SessionEndedEvent e => new ServerEvent
        {
            SessionEnded = new SessionEnded { SessionId = e.SessionId.ToString(), Reason = e.Reason.ToProto(), Detail = e.Detail },
        },
        _ => throw new ArgumentOutOfRangeException(nameof(clientEvent), clientEvent.GetType().Name, "unknown event"),
    };

    /// <summary>The participant's current key with the signed rotations that led to it (docs/protocol.md section 23).</summary>
    public static IdentityKey IdentityKeyOf(Participant participant) =>
        new()
        {
            KeyType = KeyType.Ed25519,
            PublicKey = ByteString.CopyFrom(participant.IdentityKey),
            Rotations =
            {
                participant.KeyRotations.Select(rotation => new Protocol.Coordinator.V1.KeyRotation
                {
                    OldPublicKey = ByteString.CopyFrom(rotation.OldKey),
                    NewPublicKey = ByteString.CopyFrom(rotation.NewKey),
                    RotatedAt = (ulong)rotation.RotatedAt,
                    Signature = ByteString.CopyFrom(rotation.Signature),
                }),
            },
        };
}
