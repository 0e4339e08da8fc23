using System.Net;
using Google.Protobuf.WellKnownTypes;
using LogChat.Client.Keys;
using LogChat.Client.Peer;
using LogChat.Client.Reachability;
using LogChat.Client.Sessions;
using LogChat.Protocol.Accounts;
using LogChat.Protocol.Coordinator.V1;
using LogChat.Protocol.Peer;
using LogChat.Protocol.Relay;
using LogChat.Protocol.Sessions;
using KeyRotation = LogChat.Protocol.Accounts.KeyRotation;

namespace LogChat.Client.Coordinator;

/// <summary>
/// The one place where the coordinator's wire values become the client's own and back. Ids are read once, here;
/// what the coordinator sends is checked here (a malformed id is refused with <see cref="CoordinatorProtocolException"/>;
/// an event whose id is sound but whose content cannot be used becomes an invalid-event record for its session).
/// </summary>
public static class CoordinatorWire
{
    /// <summary>Size of the host certificate fingerprint the dialler pins.</summary>
    public const int CertificateSha256Size = 32;

    /// <summary>Size of an Ed25519 signature of a key rotation.</summary>
    public const int KeyRotationSignatureSize = 64;

    /// <summary>How many of the host's LAN addresses a dialler tries at most.</summary>
    public const int MaxLanAddresses = 16;

    /// <summary>Reads a session id in the coordinator's UUID text form.</summary>
    public static SessionId ReadSessionId(string text) => new(ReadId(text, "session id"));

    /// <summary>Reads a user id in the coordinator's UUID text form.</summary>
    public static Guid ReadUserId(string text) => ReadId(text, "user id");

    /// <summary>Reads a time the coordinator must send; <paramref name="what"/> names it in the refusal.</summary>
    public static DateTimeOffset ReadTime(Timestamp? timestamp, string what) =>
        TryReadTime(timestamp, out var time) ? time : throw new CoordinatorProtocolException($"The coordinator sent no valid time for {what}.");

    /// <summary>Turns a stream event about a session into the client's; null for events that are not about a session.</summary>
    public static SessionEvent? ToSessionEvent(ServerEvent serverEvent)
    {
        ArgumentNullException.ThrowIfNull(serverEvent);
        return serverEvent.EventCase switch
        {
            ServerEvent.EventOneofCase.ChatRequested => ToChatRequest(serverEvent.ChatRequested),
            ServerEvent.EventOneofCase.SessionInfo => ToAssignment(serverEvent.SessionInfo),
            ServerEvent.EventOneofCase.SessionEnded => ToEndedNotice(serverEvent.SessionEnded),
            ServerEvent.EventOneofCase.PunchGo => ToPunchGo(serverEvent.PunchGo),
            ServerEvent.EventOneofCase.RelayGo => ToRelayGo(serverEvent.RelayGo),
            _ => null,
        };
    }

    /// <summary>A <see cref="ChatRequest"/>, or an <see cref="InvalidChatRequest"/> saying why it cannot be accepted.</summary>
    public static SessionEvent ToChatRequest(ChatRequested request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var sessionId = ReadSessionId(request.SessionId);
        var from = request.FromUsername;
        if (ProblemWithUser(request.FromUserId, from, request.FromIdentityKey, out var fromUserId) is { } problem)
        {
            return new InvalidChatRequest(sessionId, problem);
        }

        if (!TryReadTime(request.ExpiresAt, out var expiresAt))
        {
            return new InvalidChatRequest(sessionId, $"The coordinator sent a chat request from {from} without a valid expiry.");
        }

        return new ChatRequest(sessionId, fromUserId, from, request.FromIdentityKey.PublicKey.ToByteArray(), expiresAt)
        {
            FromKeyRotations = ReadKeyRotations(request.FromIdentityKey),
        };
    }

    /// <summary>A <see cref="SessionAssignment"/>, or an <see cref="InvalidSessionAssignment"/> saying why it cannot be used.</summary>
    public static SessionEvent ToAssignment(SessionInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        var sessionId = ReadSessionId(info.SessionId);
        var peer = info.PeerUsername;
        if (ProblemWithUser(info.PeerUserId, peer, info.PeerIdentityKey, out var peerUserId) is { } problem)
        {
            return new InvalidSessionAssignment(sessionId, problem);
        }

        var introduction = new PeerIntroduction(sessionId, peerUserId, peer, info.PeerIdentityKey.PublicKey.ToByteArray())
        {
            PeerKeyRotations = ReadKeyRotations(info.PeerIdentityKey),
        };
        var path = ToPath(info.Path);
        return info.Role switch
        {
            SessionRole.Host => SessionAssignment.ToHost(introduction, info.Initiator, path),
            SessionRole.Dial when path is Sessions.ConnectionPath.Punched or Sessions.ConnectionPath.Relayed
                => SessionAssignment.ToDialLater(introduction, info.Initiator, path),
            SessionRole.Dial => ToHostEndpoint(info) is { } host
                ? SessionAssignment.ToDial(introduction, host, info.Initiator, path)
                : new InvalidSessionAssignment(sessionId, $"The coordinator sent an incomplete endpoint for {peer}."),
            _ => new InvalidSessionAssignment(sessionId, $"The coordinator assigned no known role for the chat with {peer}."),
        };
    }

    /// <summary>
    /// A <see cref="PunchGo"/>; refused when the peer's endpoint is not an IP address and port or a certificate
    /// fingerprint has the wrong size.
    /// </summary>
    public static SessionEvent ToPunchGo(Protocol.Coordinator.V1.PunchGo go)
    {
        ArgumentNullException.ThrowIfNull(go);
        var sessionId = ReadSessionId(go.SessionId);
        if (!IPAddress.TryParse(go.Peer?.Address, out var address) || ReadPort(go.Peer!.Port) is not { } port)
        {
            return new InvalidSessionAssignment(sessionId, "The coordinator sent no valid endpoint to punch to.");
        }

        if (go.HostCertificateSha256.Length is not (0 or CertificateSha256Size))
        {
            return new InvalidSessionAssignment(sessionId, "The coordinator sent a malformed host certificate fingerprint.");
        }

        var certificate = go.HostCertificateSha256.IsEmpty ? null : go.HostCertificateSha256.ToByteArray();
        return new Sessions.PunchGo(sessionId, new IPEndPoint(address, port), certificate, TimeSpan.FromMilliseconds(Math.Min(go.StartInMs, 10_000)));
    }

    /// <summary>
    /// A <see cref="RelayGo"/>; refused when the relay's endpoint, the side, the dialler's certificate fingerprint or
    /// the ticket (not laid out as one for this session and side) is not usable.
    /// </summary>
    public static SessionEvent ToRelayGo(Protocol.Coordinator.V1.RelayGo go)
    {
        ArgumentNullException.ThrowIfNull(go);
        var sessionId = ReadSessionId(go.SessionId);
        if (string.IsNullOrWhiteSpace(go.RelayAddress) || ReadPort(go.RelayPort) is not { } port)
        {
            return new InvalidSessionAssignment(sessionId, "The coordinator sent no valid relay endpoint.");
        }

        var side = go.Side switch
        {
            SessionRole.Host => PeerRole.Host,
            SessionRole.Dial => PeerRole.Dialer,
            _ => (PeerRole?)null,
        };
        if (side is not { } known || (known == PeerRole.Dialer) != (go.HostCertificateSha256.Length == CertificateSha256Size)
            || (known == PeerRole.Host && !go.HostCertificateSha256.IsEmpty))
        {
            return new InvalidSessionAssignment(sessionId, "The coordinator sent a relay ticket without a usable side or host certificate fingerprint.");
        }

        // The client writes the ticket to the relay as it came: only a ticket for this session and side, never bytes of the
        // coordinator's choosing (its MAC stays unchecked: the client holds no ticket key).
        if (!RelayTicketCodec.IsLaidOutFor(go.Ticket.Span, sessionId, known == PeerRole.Host ? RelaySide.Host : RelaySide.Dialer))
        {
            return new InvalidSessionAssignment(sessionId, "The coordinator sent a relay ticket that is not one for this session and side.");
        }

        EndPoint relay = IPAddress.TryParse(go.RelayAddress, out var address) ? new IPEndPoint(address, port) : new DnsEndPoint(go.RelayAddress, port);
        var certificate = go.HostCertificateSha256.IsEmpty ? null : go.HostCertificateSha256.ToByteArray();
        return new Sessions.RelayGo(sessionId, relay, go.Ticket.ToByteArray(), known, certificate);
    }

    /// <summary>The client's path for a wire one; a value this client does not know is unspecified.</summary>
    public static Sessions.ConnectionPath ToPath(Protocol.Coordinator.V1.ConnectionPath path) => path switch
    {
        Protocol.Coordinator.V1.ConnectionPath.Direct => Sessions.ConnectionPath.Direct,
        Protocol.Coordinator.V1.ConnectionPath.Reversed => Sessions.ConnectionPath.Reversed,
        Protocol.Coordinator.V1.ConnectionPath.Punched => Sessions.ConnectionPath.Punched,
        Protocol.Coordinator.V1.ConnectionPath.Relayed => Sessions.ConnectionPath.Relayed,
        _ => Sessions.ConnectionPath.Unspecified,
    };

    /// <summary>The wire path for the client's; unspecified only for an unspecified one.</summary>
    public static Protocol.Coordinator.V1.ConnectionPath ToWire(Sessions.ConnectionPath path) => path switch
    {
        Sessions.ConnectionPath.Direct => Protocol.Coordinator.V1.ConnectionPath.Direct,
        Sessions.ConnectionPath.Reversed => Protocol.Coordinator.V1.ConnectionPath.Reversed,
        Sessions.ConnectionPath.Punched => Protocol.Coordinator.V1.ConnectionPath.Punched,
        Sessions.ConnectionPath.Relayed => Protocol.Coordinator.V1.ConnectionPath.Relayed,
        _ => Protocol.Coordinator.V1.ConnectionPath.Unspecified,
    };

    /// <summary>A <see cref="SessionEndedNotice"/>; a reason this client does not know becomes <see cref="SessionEndReason.Unspecified"/>.</summary>
    public static SessionEndedNotice ToEndedNotice(SessionEnded ended)
    {
        ArgumentNullException.ThrowIfNull(ended);
        return new SessionEndedNotice(ReadSessionId(ended.SessionId), ToEndReason(ended.Reason), ended.Detail);
    }

    /// <summary>The client's end reason for a wire reason: unspecified and unknown reasons stay unspecified, never "completed".</summary>
    public static SessionEndReason ToEndReason(EndReason reason) => reason switch
    {
        EndReason.Completed => SessionEndReason.Completed,
        EndReason.Declined => SessionEndReason.Declined,
        EndReason.RequestTimeout => SessionEndReason.RequestTimeout,
        EndReason.HostReadyTimeout => SessionEndReason.HostReadyTimeout,
        EndReason.NoConnectionPath => SessionEndReason.NoConnectionPath,
        EndReason.ParticipantOffline => SessionEndReason.ParticipantOffline,
        EndReason.ConnectionFailed => SessionEndReason.ConnectionFailed,
        EndReason.HeartbeatTimeout => SessionEndReason.HeartbeatTimeout,
        EndReason.ProtocolError => SessionEndReason.ProtocolError,
        EndReason.PeerDisconnected => SessionEndReason.PeerDisconnected,
        EndReason.Busy => SessionEndReason.Busy,
        EndReason.Unspecified => SessionEndReason.Unspecified,
        _ => SessionEndReason.Unspecified,
    };

    /// <summary>The wire reason for a client end reason.</summary>
    public static EndReason ToWire(SessionEndReason reason) => reason switch
    {
        SessionEndReason.Unspecified => EndReason.Unspecified,
        SessionEndReason.Completed => EndReason.Completed,
        SessionEndReason.Declined => EndReason.Declined,
        SessionEndReason.RequestTimeout => EndReason.RequestTimeout,
        SessionEndReason.HostReadyTimeout => EndReason.HostReadyTimeout,
        SessionEndReason.NoConnectionPath => EndReason.NoConnectionPath,
        SessionEndReason.ParticipantOffline => EndReason.ParticipantOffline,
        SessionEndReason.ConnectionFailed => EndReason.ConnectionFailed,
        SessionEndReason.HeartbeatTimeout => EndReason.HeartbeatTimeout,
        SessionEndReason.ProtocolError => EndReason.ProtocolError,
        SessionEndReason.PeerDisconnected => EndReason.PeerDisconnected,
        SessionEndReason.Busy => EndReason.Busy,
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "Not an end reason."),
    };

    /// <summary>An end's detail as the coordinator takes it: printable characters only, at most 200.</summary>
    public static string ToEndDetail(string? detail)
    {
        var printable = new string((detail ?? string.Empty).Where(c => !char.IsControl(c)).ToArray()).Trim();
        return printable.Length <= 200 ? printable : printable[..199] + "…";
    }

    /// <summary>The client's NAT type for a wire one; a value this client does not know is unknown.</summary>
    public static NatKind ToNatKind(NatType nat) => nat switch
    {
        NatType.None => NatKind.None,
        NatType.FullCone => NatKind.FullCone,
        NatType.Restricted => NatKind.Restricted,
        NatType.Symmetric => NatKind.Symmetric,
        _ => NatKind.Unknown,
    };

    /// <summary>What a gateway endpoint observed; refused when the address or port is not one.</summary>
    public static AddressObservation ToObservation(ObserveAddressResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return new AddressObservation(
            ReadObservedAddress(response.Observed),
            ReadPort(response.Observed?.Port ?? 0) ?? throw new CoordinatorProtocolException("The coordinator observed no valid port for this client."),
            [.. response.ProbePorts.Select(ReadPort).OfType<int>()]);
    }

    /// <summary>The result of a dial-back.</summary>
    public static DialBackVerdict ToVerdict(CheckReachabilityResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var detail = response.Reachable ? string.Empty
            : string.IsNullOrWhiteSpace(response.Detail) ? "the coordinator could not reach this machine" : response.Detail;
        return new DialBackVerdict(response.Reachable, detail, ToNatKind(response.NatType));
    }

    /// <summary>A login salt; refused when it is not exactly the size protocol v2 fixes.</summary>
    public static byte[] ReadLoginSalt(GetLoginSaltResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.Salt.Length == PasswordSecrets.SaltSize
            ? response.Salt.ToByteArray()
            : throw new CoordinatorProtocolException($"The coordinator sent a login salt of {response.Salt.Length} bytes; protocol v2 needs {PasswordSecrets.SaltSize}.");
    }

    /// <summary>The user's Ed25519 identity key; refused when the coordinator has no valid one.</summary>
    public static PublishedIdentityKey ToPublishedIdentityKey(GetUserResponse user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var key = user.IdentityKeys.FirstOrDefault(k => k.KeyType == KeyType.Ed25519);
        if (!IsCanonicalUsername(user.Username))
        {
            throw new CoordinatorProtocolException("The coordinator sent a user with a malformed username.");
        }

        return IsValidIdentityKey(key)
            ? new PublishedIdentityKey(ReadUserId(user.UserId), user.Username, key!.PublicKey.ToByteArray()) { KeyRotations = ReadKeyRotations(key) }
            : throw new CoordinatorProtocolException($"The coordinator has no valid identity key for {user.Username}.");
    }

    /// <summary>
    /// The signed rotations sent with a key, as they came: they are checked (each signature, from the pinned key on) only
    /// when followed. More than a client follows, or a malformed one, gives none: the key then counts as changed.
    /// </summary>
    public static IReadOnlyList<KeyRotation> ReadKeyRotations(IdentityKey? key)
    {
        var rotations = key?.Rotations;
        if (rotations is not { Count: > 0 and <= KeyRotationChain.MaxLength }
            || rotations.Any(r => r.OldPublicKey.Length != IdentityPublicKey.Size || r.NewPublicKey.Length != IdentityPublicKey.Size
                || r.Signature.Length != KeyRotationSignatureSize || r.RotatedAt > long.MaxValue))
        {
            return [];
        }

        return [.. rotations.Select(r => new KeyRotation(r.OldPublicKey.ToByteArray(), r.NewPublicKey.ToByteArray(), (long)r.RotatedAt, r.Signature.ToByteArray()))];
    }

    private static Guid ReadId(string text, string what) =>
        TryReadId(text, out var id) ? id : throw new CoordinatorProtocolException($"The coordinator sent a malformed {what}; this client cannot use it.");

    // The coordinator writes UUIDs in their canonical text form; the nil UUID is never one it assigns.
    private static bool TryReadId(string text, out Guid id) => Guid.TryParseExact(text, "D", out id) && id != Guid.Empty;

    // What is wrong with a user's name, id and identity key, for the user; null when all are sound.
    private static string? ProblemWithUser(string userId, string username, IdentityKey? key, out Guid id)
    {
        id = Guid.Empty;
        if (!IsCanonicalUsername(username))
        {
            return "The coordinator sent a malformed username.";
        }

        return !TryReadId(userId, out id) ? $"The coordinator sent a malformed user id for {username}."
            : !IsValidIdentityKey(key) ? $"The coordinator sent no valid identity key for {username}."
            : null;
    }

    // A username as the coordinator must send it: already in the canonical form of the one username rule. Anything else
    // (upper case, spaces, control characters, look-alikes) is refused before it is compared, pinned or shown.
    private static bool IsCanonicalUsername(string username) =>
        UsernameRule.TryCanonicalize(username, out var canonical, out _) && canonical == username;

    private static HostEndpoint? ToHostEndpoint(SessionInfo info) =>
        info.HostPort is > 0 and <= ushort.MaxValue
        && info.HostCertificateSha256.Length == CertificateSha256Size
        && !string.IsNullOrWhiteSpace(info.HostAddress)
            ? new HostEndpoint(info.HostAddress, (int)info.HostPort, info.HostCertificateSha256.ToByteArray())
            {
                LanAddresses = [.. info.HostLanAddresses.Where(a => IPAddress.TryParse(a, out _)).Take(MaxLanAddresses)],
            }
            : null;

    private static string ReadObservedAddress(NetworkEndpoint? observed) =>
        IPAddress.TryParse(observed?.Address, out var address)
            ? (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString()
            : throw new CoordinatorProtocolException("The coordinator observed no valid address for this client.");

    private static int? ReadPort(uint port) => port is > 0 and <= IPEndPoint.MaxPort ? (int)port : null;

    private static bool IsValidIdentityKey(IdentityKey? key) =>
        key is { KeyType: KeyType.Ed25519 } && IdentityPublicKey.IsValid(key.PublicKey.Span);

    private static bool TryReadTime(Timestamp? timestamp, out DateTimeOffset time)
    {
        time = default;
        if (timestamp is null)
        {
            return false;
        }

        try
        {
            time = timestamp.ToDateTimeOffset();
            return true;
        }
        catch (InvalidOperationException)
        {
            // Outside the range a timestamp may hold, or not normalized.
            return false;
        }
    }
}
