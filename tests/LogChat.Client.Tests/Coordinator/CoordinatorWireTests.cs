using System.Net;
using Google.Protobuf;
using LogChat.Client.Coordinator;
using LogChat.Client.Peer;
using LogChat.Client.Reachability;
using LogChat.Client.Sessions;
using LogChat.Protocol.Coordinator.V1;
using LogChat.Protocol.Peer;
using LogChat.Protocol.Relay;
using LogChat.Protocol.Sessions;
using Timestamp = Google.Protobuf.WellKnownTypes.Timestamp;

namespace LogChat.Client.Tests.Coordinator;

/// <summary>The coordinator adapter's conversions between the wire and the client's own types, and what it refuses.</summary>
public sealed class CoordinatorWireTests : IDisposable
{
    private static readonly DateTimeOffset Expiry = new(2026, 12, 2, 10, 30, 0, TimeSpan.Zero);
    private readonly IdentityKeyPair _bob = IdentityKeyPair.Generate();
    private readonly Guid _sessionGuid = Guid.NewGuid();
    private readonly Guid _bobId = Guid.NewGuid();

    public static TheoryData<string> MalformedIds => ["", "not-a-uuid", "00000000-0000-0000-0000-000000000000", "{6f9619ff-8b86-d011-b42d-00cf4fc964ff}"];

    public static TheoryData<string, Func<IdentityKey?>> UnusableKeys => new()
    {
        { "missing", () => null },
        { "no key type", () => new IdentityKey { PublicKey = ByteString.CopyFrom(IdentityKeyPair.Generate().PublicKey) } },
        { "31 bytes", () => Ed25519Key(new byte[31]) },
        { "the identity point", () => Ed25519Key([1, .. new byte[31]]) },
    };

    public static TheoryData<string, uint, int, string> IncompleteEndpoints => new()
    {
        { "port 0", 0, 32, "127.0.0.1" },
        { "port above 65535", 65_536, 32, "127.0.0.1" },
        { "31-byte fingerprint", 4433, 31, "127.0.0.1" },
        { "no fingerprint", 4433, 0, "127.0.0.1" },
        { "no address", 4433, 32, " " },
    };

    public static TheoryData<EndReason> WireEndReasons => new(Enum.GetValues<EndReason>());

    [Fact]
    public void A_session_id_is_read_from_the_wire_text_and_written_back_as_the_same_text()
    {
        var text = _sessionGuid.ToString();

        var id = CoordinatorWire.ReadSessionId(text);

        Assert.Equal(new SessionId(_sessionGuid), id);
        Assert.Equal(text, id.ToString());
    }

    [Theory]
    [MemberData(nameof(MalformedIds))]
    public void A_malformed_session_id_is_refused_with_a_clear_error(string text)
    {
        var refusal = Assert.Throws<CoordinatorProtocolException>(() => CoordinatorWire.ReadSessionId(text));

        Assert.Equal("The coordinator sent a malformed session id; this client cannot use it.", refusal.Message);
    }

    [Theory]
    [MemberData(nameof(MalformedIds))]
    public void An_event_with_a_malformed_session_id_is_refused_whatever_its_kind(string text)
    {
        Assert.Throws<CoordinatorProtocolException>(() => CoordinatorWire.ToSessionEvent(new ServerEvent { ChatRequested = ChatRequested(sessionId: text) }));
        Assert.Throws<CoordinatorProtocolException>(() => CoordinatorWire.ToSessionEvent(new ServerEvent { SessionInfo = HostInfo(sessionId: text) }));
        Assert.Throws<CoordinatorProtocolException>(() => CoordinatorWire.ToSessionEvent(
            new ServerEvent { SessionEnded = new SessionEnded { SessionId = text, Reason = EndReason.Declined } }));
    }

    [Fact]
    public void A_chat_request_becomes_the_clients_own_with_every_field()
    {
        var request = Assert.IsType<ChatRequest>(CoordinatorWire.ToSessionEvent(new ServerEvent { ChatRequested = ChatRequested() }));

        Assert.Equal(new SessionId(_sessionGuid), request.SessionId);
        Assert.Equal(_bobId, request.FromUserId);
        Assert.Equal("bob", request.FromUsername);
        Assert.Equal(_bob.PublicKey, request.FromIdentityKey);
        Assert.Equal(Expiry, request.ExpiresAt);
    }

    [Theory]
    [MemberData(nameof(UnusableKeys))]
    public void A_chat_request_without_a_valid_ed25519_key_is_marked_invalid_for_its_session(string what, Func<IdentityKey?> key)
    {
        var wire = ChatRequested();
        wire.FromIdentityKey = key();

        var invalid = Assert.IsType<InvalidChatRequest>(CoordinatorWire.ToChatRequest(wire));

        Assert.Equal(new SessionId(_sessionGuid), invalid.SessionId);
        Assert.True(invalid.Problem == "The coordinator sent no valid identity key for bob.", what);
    }

    [Fact]
    public void A_chat_request_with_a_malformed_user_id_or_no_expiry_is_marked_invalid()
    {
        var badUser = ChatRequested();
        badUser.FromUserId = "bob";
        var noExpiry = ChatRequested();
        noExpiry.ExpiresAt = null;
        var outOfRange = ChatRequested();
        outOfRange.ExpiresAt = new Timestamp { Seconds = long.MaxValue };

        Assert.Contains("malformed user id", Assert.IsType<InvalidChatRequest>(CoordinatorWire.ToChatRequest(badUser)).Problem, StringComparison.Ordinal);
        Assert.Contains("without a valid expiry", Assert.IsType<InvalidChatRequest>(CoordinatorWire.ToChatRequest(noExpiry)).Problem, StringComparison.Ordinal);
        Assert.Contains("without a valid expiry", Assert.IsType<InvalidChatRequest>(CoordinatorWire.ToChatRequest(outOfRange)).Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_host_assignment_introduces_the_peer_and_has_no_endpoint()
    {
        var assignment = Assert.IsType<SessionAssignment>(CoordinatorWire.ToSessionEvent(new ServerEvent { SessionInfo = HostInfo() }));

        Assert.Equal(PeerRole.Host, assignment.Role);
        Assert.Null(assignment.Host);
        Assert.True(assignment.Initiator);
        Assert.Equal(new SessionId(_sessionGuid), assignment.SessionId);
        Assert.Equal(assignment.SessionId, assignment.Peer.SessionId);
        Assert.Equal(_bobId, assignment.Peer.PeerUserId);
        Assert.Equal("bob", assignment.Peer.PeerUsername);
        Assert.Equal(_bob.PublicKey, assignment.Peer.PeerIdentityKey);
    }

    [Fact]
    public void A_dial_assignment_carries_the_hosts_endpoint_and_fingerprint()
    {
        var fingerprint = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();

        var assignment = Assert.IsType<SessionAssignment>(CoordinatorWire.ToAssignment(DialInfo(4433, fingerprint, "peer.example")));

        Assert.Equal(PeerRole.Dialer, assignment.Role);
        Assert.False(assignment.Initiator);
        var host = Assert.IsType<HostEndpoint>(assignment.Host);
        Assert.Equal("peer.example", host.Address);
        Assert.Equal(4433, host.Port);
        Assert.Equal(fingerprint, host.CertificateSha256);
    }

    [Fact]
    public void A_dial_assignment_keeps_at_most_the_first_16_lan_addresses_that_are_ip_addresses()
    {
        var info = DialInfo(4433, new byte[32], "203.0.113.7");
        var addresses = Enumerable.Range(1, 20).Select(i => $"10.0.0.{i}").ToList();
        info.HostLanAddresses.Add("printer.lan");
        info.HostLanAddresses.Add("10.0.0.256");
        info.HostLanAddresses.Add(addresses);

        var assignment = Assert.IsType<SessionAssignment>(CoordinatorWire.ToAssignment(info));

        Assert.Equal(addresses.Take(16), Assert.IsType<HostEndpoint>(assignment.Host).LanAddresses);
    }

    [Theory]
    [MemberData(nameof(IncompleteEndpoints))]
    public void A_dial_assignment_with_an_incomplete_endpoint_is_marked_invalid(string what, uint port, int fingerprintLength, string address)
    {
        var invalid = Assert.IsType<InvalidSessionAssignment>(CoordinatorWire.ToAssignment(DialInfo(port, new byte[fingerprintLength], address)));

        Assert.Equal(new SessionId(_sessionGuid), invalid.SessionId);
        Assert.True(invalid.Problem == "The coordinator sent an incomplete endpoint for bob.", what);
    }

    [Theory]
    [MemberData(nameof(UnusableKeys))]
    public void An_assignment_without_a_valid_ed25519_key_is_marked_invalid(string what, Func<IdentityKey?> key)
    {
        var info = HostInfo();
        info.PeerIdentityKey = key();

        var invalid = Assert.IsType<InvalidSessionAssignment>(CoordinatorWire.ToAssignment(info));

        Assert.True(invalid.Problem == "The coordinator sent no valid identity key for bob.", what);
    }

    [Fact]
    public void An_assignment_with_no_role_or_a_malformed_peer_id_is_marked_invalid()
    {
        var noRole = HostInfo();
        noRole.Role = SessionRole.Unspecified;
        var badPeer = HostInfo();
        badPeer.PeerUserId = "42";

        Assert.Contains("no known role", Assert.IsType<InvalidSessionAssignment>(CoordinatorWire.ToAssignment(noRole)).Problem, StringComparison.Ordinal);
        Assert.Contains("malformed user id", Assert.IsType<InvalidSessionAssignment>(CoordinatorWire.ToAssignment(badPeer)).Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_relayed_dial_assignment_has_no_endpoint_yet()
    {
        var info = DialInfo(0, [], string.Empty);
        info.Path = Protocol.Coordinator.V1.ConnectionPath.Relayed;

        var assignment = Assert.IsType<SessionAssignment>(CoordinatorWire.ToAssignment(info));

        Assert.Equal((PeerRole.Dialer, Sessions.ConnectionPath.Relayed), (assignment.Role, assignment.Path));
        Assert.Null(assignment.Host);
    }

    [Fact]
    public void Relay_go_carries_the_relay_the_ticket_the_side_and_for_the_dialler_the_pin()
    {
        var fingerprint = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();

        var host = Assert.IsType<Sessions.RelayGo>(CoordinatorWire.ToSessionEvent(new ServerEvent { RelayGo = RelayGo("203.0.113.1", SessionRole.Host, []) }));
        var dialler = Assert.IsType<Sessions.RelayGo>(CoordinatorWire.ToRelayGo(RelayGo("relay.example.net", SessionRole.Dial, fingerprint)));

        Assert.Equal((new IPEndPoint(IPAddress.Parse("203.0.113.1"), 50061), PeerRole.Host, (byte[]?)null), (host.Relay, host.Side, host.HostCertificateSha256));
        Assert.Equal(Ticket(_sessionGuid, RelaySide.Host)[..^32], host.Ticket[..^32]);
        Assert.Equal((new DnsEndPoint("relay.example.net", 50061), PeerRole.Dialer), (dialler.Relay, dialler.Side));
        Assert.Equal(fingerprint, dialler.HostCertificateSha256);
    }

    [Theory]
    [InlineData("no address", "", 50061u, SessionRole.Host, 0, 3)]
    [InlineData("no port", "203.0.113.1", 0u, SessionRole.Host, 0, 3)]
    [InlineData("no ticket", "203.0.113.1", 50061u, SessionRole.Host, 0, 0)]
    [InlineData("a ticket too long", "203.0.113.1", 50061u, SessionRole.Host, 0, 1025)]
    [InlineData("no side", "203.0.113.1", 50061u, SessionRole.Unspecified, 0, 3)]
    [InlineData("a dialler without a pin", "203.0.113.1", 50061u, SessionRole.Dial, 0, 3)]
    [InlineData("a host with a pin", "203.0.113.1", 50061u, SessionRole.Host, 32, 3)]
    [InlineData("a short pin", "203.0.113.1", 50061u, SessionRole.Dial, 31, 3)]
    public void An_unusable_relay_go_is_marked_invalid_for_its_session(string what, string address, uint port, SessionRole side, int pinLength, int ticketLength)
    {
        var go = RelayGo(address, side, new byte[pinLength]);
        go.RelayPort = port;
        go.Ticket = ByteString.CopyFrom(new byte[ticketLength]);

        var invalid = Assert.IsType<InvalidSessionAssignment>(CoordinatorWire.ToRelayGo(go));

        Assert.True(invalid.SessionId == new SessionId(_sessionGuid), what);
    }

    [Theory]
    [InlineData("another session's ticket", SessionRole.Host, "another session")]
    [InlineData("the other side's ticket", SessionRole.Dial, "host")]
    [InlineData("bytes of the coordinator's choosing", SessionRole.Host, "bytes")]
    public void A_relay_go_whose_ticket_is_not_laid_out_for_this_session_and_side_is_refused_before_anything_is_sent(
        string what, SessionRole side, string ticket)
    {
        var go = RelayGo("203.0.113.1", side, side == SessionRole.Dial ? new byte[32] : []);
        go.Ticket = ByteString.CopyFrom(ticket switch
        {
            "another session" => Ticket(Guid.NewGuid(), RelaySide.Host),
            "host" => Ticket(_sessionGuid, RelaySide.Host),
            _ => "GET / HTTP/1.1\r\nHost: 192.168.1.1\r\n\r\n"u8.ToArray(),
        });

        var invalid = Assert.IsType<InvalidSessionAssignment>(CoordinatorWire.ToRelayGo(go));

        Assert.Contains("not one for this session and side", invalid.Problem, StringComparison.Ordinal);
        Assert.True(invalid.SessionId == new SessionId(_sessionGuid), what);
    }

    [Fact]
    public void Every_path_survives_the_round_trip_through_the_clients()
    {
        foreach (var path in Enum.GetValues<Protocol.Coordinator.V1.ConnectionPath>())
        {
            Assert.Equal(path, CoordinatorWire.ToWire(CoordinatorWire.ToPath(path)));
        }
    }

    [Fact]
    public void A_session_end_keeps_its_reason_and_detail()
    {
        var ended = new SessionEnded { SessionId = _sessionGuid.ToString(), Reason = EndReason.HostReadyTimeout, Detail = "alice did not open her listener" };

        var notice = Assert.IsType<SessionEndedNotice>(CoordinatorWire.ToSessionEvent(new ServerEvent { SessionEnded = ended }));

        Assert.Equal(new SessionEndedNotice(new SessionId(_sessionGuid), SessionEndReason.HostReadyTimeout, "alice did not open her listener"), notice);
    }

    [Fact]
    public void An_unspecified_or_unknown_end_reason_stays_unspecified_and_is_never_read_as_completed()
    {
        Assert.Equal(SessionEndReason.Unspecified, CoordinatorWire.ToEndReason(EndReason.Unspecified));
        Assert.Equal(SessionEndReason.Unspecified, CoordinatorWire.ToEndReason((EndReason)99));
    }

    [Theory]
    [MemberData(nameof(WireEndReasons))]
    public void Every_wire_end_reason_survives_the_round_trip_through_the_clients(EndReason reason)
    {
        Assert.Equal(reason, CoordinatorWire.ToWire(CoordinatorWire.ToEndReason(reason)));
    }

    [Fact]
    public void Every_client_end_reason_has_its_own_wire_reason()
    {
        var wire = Enum.GetValues<SessionEndReason>().Select(CoordinatorWire.ToWire).ToList();

        Assert.Equal(wire.Count, wire.Distinct().Count());
        Assert.Equal(EndReason.Completed, CoordinatorWire.ToWire(SessionEndReason.Completed));
        Assert.Throws<ArgumentOutOfRangeException>(() => CoordinatorWire.ToWire((SessionEndReason)99));
    }

    [Fact]
    public void Events_that_are_not_about_a_session_are_not_passed_on()
    {
        Assert.Null(CoordinatorWire.ToSessionEvent(new ServerEvent()));
        Assert.Null(CoordinatorWire.ToSessionEvent(new ServerEvent { KeepAlive = new KeepAlive() }));
        Assert.Null(CoordinatorWire.ToSessionEvent(new ServerEvent { Connected = new Connected { UserId = _bobId.ToString() } }));
    }

    [Fact]
    public void A_published_identity_key_is_taken_only_when_it_is_a_valid_ed25519_key()
    {
        var user = new GetUserResponse { UserId = _bobId.ToString(), Username = "bob", IdentityKeys = { Ed25519Key(_bob.PublicKey) } };
        var keyless = new GetUserResponse { UserId = _bobId.ToString(), Username = "bob", IdentityKeys = { Ed25519Key([1, .. new byte[31]]) } };

        var published = CoordinatorWire.ToPublishedIdentityKey(user);

        Assert.Equal("bob", published.Username);
        Assert.Equal(_bob.PublicKey, published.IdentityKey);
        var refusal = Assert.Throws<CoordinatorProtocolException>(() => CoordinatorWire.ToPublishedIdentityKey(keyless));
        Assert.Equal("The coordinator has no valid identity key for bob.", refusal.Message);
    }

    [Fact]
    public void Every_wire_nat_type_reads_as_its_own_nat_kind_and_an_unknown_value_as_unknown()
    {
        var kinds = Enum.GetValues<NatType>().Select(CoordinatorWire.ToNatKind).ToList();

        Assert.Equal(Enum.GetValues<NatKind>(), kinds.Order());
        Assert.Equal(NatKind.Restricted, CoordinatorWire.ToNatKind(NatType.Restricted));
        Assert.Equal(NatKind.Unknown, CoordinatorWire.ToNatKind((NatType)99));
    }

    [Fact]
    public void An_observation_without_a_valid_address_or_port_is_refused_and_invalid_probe_ports_are_dropped()
    {
        var observed = CoordinatorWire.ToObservation(new ObserveAddressResponse
        {
            Observed = new NetworkEndpoint { Address = "::ffff:203.0.113.7", Port = 40001 },
            ProbePorts = { 0, 50052, 70000 },
        });

        Assert.Equal(("203.0.113.7", 40001), (observed.Address, observed.Port));
        Assert.Equal([50052], observed.ProbePorts);
        Assert.Throws<CoordinatorProtocolException>(() => CoordinatorWire.ToObservation(new ObserveAddressResponse
        {
            Observed = new NetworkEndpoint { Address = "not an address", Port = 40001 },
        }));
        Assert.Throws<CoordinatorProtocolException>(() => CoordinatorWire.ToObservation(new ObserveAddressResponse
        {
            Observed = new NetworkEndpoint { Address = "203.0.113.7", Port = 0 },
        }));
        Assert.Throws<CoordinatorProtocolException>(() => CoordinatorWire.ToObservation(new ObserveAddressResponse()));
    }

    [Fact]
    public void A_failed_dial_back_always_says_why()
    {
        var failed = CoordinatorWire.ToVerdict(new CheckReachabilityResponse { Reachable = false, NatType = NatType.Symmetric });
        var passed = CoordinatorWire.ToVerdict(new CheckReachabilityResponse { Reachable = true, NatType = NatType.None, Detail = "ignored" });

        Assert.Equal(new DialBackVerdict(false, "the coordinator could not reach this machine", NatKind.Symmetric), failed);
        Assert.Equal(new DialBackVerdict(true, string.Empty, NatKind.None), passed);
    }

    public void Dispose() => _bob.Dispose();

    private static IdentityKey Ed25519Key(byte[] key) => new() { KeyType = KeyType.Ed25519, PublicKey = ByteString.CopyFrom(key) };

    private ChatRequested ChatRequested(string? sessionId = null) => new()
    {
        SessionId = sessionId ?? _sessionGuid.ToString(),
        FromUserId = _bobId.ToString(),
        FromUsername = "bob",
        FromIdentityKey = Ed25519Key(_bob.PublicKey),
        ExpiresAt = Timestamp.FromDateTimeOffset(Expiry),
    };

    private SessionInfo HostInfo(string? sessionId = null) => new()
    {
        SessionId = sessionId ?? _sessionGuid.ToString(),
        Role = SessionRole.Host,
        PeerUserId = _bobId.ToString(),
        PeerUsername = "bob",
        PeerIdentityKey = Ed25519Key(_bob.PublicKey),
        Initiator = true,
    };

    private Protocol.Coordinator.V1.RelayGo RelayGo(string address, SessionRole side, byte[] pin) => new()
    {
        SessionId = _sessionGuid.ToString(),
        RelayAddress = address,
        RelayPort = 50061,
        Ticket = ByteString.CopyFrom(Ticket(_sessionGuid, side == SessionRole.Dial ? RelaySide.Dialer : RelaySide.Host)),
        Side = side,
        HostCertificateSha256 = ByteString.CopyFrom(pin),
    };

    private static byte[] Ticket(Guid sessionId, RelaySide side) => RelayTicketCodec.Issue(
        new RelayTicket(new SessionId(sessionId), side, DateTimeOffset.UtcNow.AddMinutes(1), "relay-0"),
        new RelayTicketKeyring([new RelayTicketKey(1, [.. Enumerable.Repeat((byte)0x5a, 32)])]));

    private SessionInfo DialInfo(uint port, byte[] fingerprint, string address)
    {
        var info = HostInfo();
        info.Role = SessionRole.Dial;
        info.Initiator = false;
        info.HostAddress = address;
        info.HostPort = port;
        info.HostCertificateSha256 = ByteString.CopyFrom(fingerprint);
        return info;
    }
}
