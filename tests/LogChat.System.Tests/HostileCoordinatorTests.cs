using System.Text;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Grpc.Core;
using LogChat.Protocol.Accounts;
using LogChat.Protocol.Coordinator.V1;
using LogChat.Protocol.Peer;
using LogChat.Testing;

namespace LogChat.System.Tests;

/// <summary>
/// A real <c>logchat</c> process against a coordinator that lies (<see cref="HostileCoordinator"/>): it cannot slip
/// another user in under the name asked for, have <c>trust</c> store a key the user never confirmed, learn the password,
/// or write to the terminal.
/// </summary>
public sealed class HostileCoordinatorTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly string _home = Path.Combine(Path.GetTempPath(), "logchat-hostile-" + Guid.NewGuid().ToString("N"));
    private readonly Guid _bobId = Guid.NewGuid();
    private readonly IdentityKeyPair _bob = IdentityKeyPair.Generate();
    private readonly IdentityKeyPair _mallory = IdentityKeyPair.Generate();

    private string PinsPath => Path.Combine(_home, "alice", "pins.json");

    [Fact]
    public async Task A_peer_renamed_by_the_coordinator_is_refused_and_nothing_is_pinned()
    {
        var script = new HostileCoordinator.Script { RequestChat = session => [Dial(session, Guid.NewGuid(), "bob_", _mallory.PublicKey)] };
        await using var coordinator = await StartAsync(script);

        var (exit, status) = await RunAsync(coordinator, "chat", "bob", "--no-inbound");

        Assert.NotEqual(0, exit);
        Assert.Contains("introduced bob_", status, StringComparison.Ordinal);
        Assert.Contains("Refused", status, StringComparison.Ordinal);
        Assert.False(File.Exists(PinsPath));
        Assert.Contains(script.Ended, ended => ended.Reason == EndReason.ConnectionFailed);
    }

    [Theory]
    [InlineData("user id")]
    [InlineData("name")]
    [InlineData("key")]
    public async Task An_accepted_request_cannot_turn_into_another_user_id_name_or_key(string swapped)
    {
        var request = new ServerEvent
        {
            ChatRequested = new ChatRequested
            {
                SessionId = Guid.NewGuid().ToString(),
                FromUserId = _bobId.ToString(),
                FromUsername = "bob",
                FromIdentityKey = Key(_bob.PublicKey),
                ExpiresAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTime(DateTime.UtcNow.AddMinutes(1)),
            },
        };
        var script = new HostileCoordinator.Script
        {
            OnConnect = [request],
            AcceptChat = session => [swapped switch
            {
                "user id" => Dial(session, Guid.NewGuid(), "bob", _bob.PublicKey),
                "name" => Dial(session, _bobId, "bob_", _bob.PublicKey),
                _ => Dial(session, _bobId, "bob", _mallory.PublicKey),
            }],
        };
        await using var coordinator = await StartAsync(script);

        using var alice = ClientProcess.Start(coordinator.Url, _home, "listen", "--accept-all", "--no-inbound");
        await alice.WaitForStatusAsync("Refused");

        Assert.False(File.Exists(PinsPath));
        Assert.Contains(script.Ended, ended => ended.Reason == EndReason.ConnectionFailed);
    }

    [Fact]
    public async Task A_first_contact_whose_handshake_never_happens_is_not_pinned()
    {
        var script = new HostileCoordinator.Script { RequestChat = session => [Dial(session, _bobId, "bob", _mallory.PublicKey)] };
        await using var coordinator = await StartAsync(script);

        var (exit, _) = await RunAsync(coordinator, "chat", "bob", "--no-inbound");

        Assert.NotEqual(0, exit);
        Assert.False(File.Exists(PinsPath));
    }

    [Fact]
    public async Task A_host_of_another_peer_protocol_ends_the_chat_as_a_protocol_error_naming_both_versions_without_trying_the_relay()
    {
        await using var futureBob = await FuturePeerHost.StartAsync(protocolVersion: 2);
        var script = new HostileCoordinator.Script { RequestChat = session => [Dial(session, _bobId, "bob", _bob.PublicKey, futureBob)] };
        await using var coordinator = await StartAsync(script);

        var (exit, status) = await RunAsync(coordinator, "chat", "bob", "--no-inbound");

        Assert.Equal(1, exit);
        Assert.Contains("bob's logchat speaks peer protocol 2; this logchat speaks peer protocol 1. The one with the older logchat needs to upgrade", status, StringComparison.Ordinal);
        Assert.Equal(1u, Assert.Single(futureBob.Received).DialerHello.ProtocolVersion);
        var ended = Assert.Single(script.Ended);
        Assert.Equal(EndReason.ProtocolError, ended.Reason);
        Assert.Equal("bob's logchat speaks peer protocol 2 and alice's speaks 1: the older one needs an upgrade", ended.Detail);
        Assert.DoesNotContain(script.Requests, request => Encoding.UTF8.GetString(request).Contains("ReportConnectionFailed", StringComparison.Ordinal));
        Assert.False(File.Exists(PinsPath));
    }

    [Fact]
    public async Task Trust_stores_only_the_key_whose_safety_number_was_given_and_not_the_other_key_served_to_it()
    {
        var script = new HostileCoordinator.Script { GetUser = (name, lookup) => User(lookup == 0 ? _bob.PublicKey : _mallory.PublicKey) };
        await using var coordinator = await StartAsync(script);
        var bobsNumber = SafetyNumberIn(await RunForOutputAsync(coordinator, "verify", "bob"));

        var (exit, status) = await RunAsync(coordinator, "trust", "bob", "--safety-number", bobsNumber);

        Assert.NotEqual(0, exit);
        Assert.Contains("does not match", status, StringComparison.Ordinal);
        Assert.False(File.Exists(PinsPath));

        var mallorysNumber = SafetyNumberIn(await RunForOutputAsync(coordinator, "verify", "bob"));
        Assert.NotEqual(bobsNumber, mallorysNumber);
        (exit, _) = await RunAsync(coordinator, "trust", "bob", "--safety-number", mallorysNumber);
        Assert.Equal(0, exit);
        var pin = JsonNode.Parse(File.ReadAllText(PinsPath))!["pins"]!.AsArray().Single()!;
        Assert.Equal(Convert.ToBase64String(_mallory.PublicKey), pin["identityKey"]!.GetValue<string>());
        Assert.True(pin["verified"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Trust_refuses_an_answer_for_another_name_and_without_a_number_or_a_terminal_trusts_nothing()
    {
        var renamed = new HostileCoordinator.Script { GetUser = (_, _) => User(_mallory.PublicKey, "bob_") };
        await using (var coordinator = await StartAsync(renamed))
        {
            var (exit, status) = await RunAsync(coordinator, "trust", "bob", "--safety-number", "1");
            Assert.NotEqual(0, exit);
            Assert.Contains("answered with bob_", status, StringComparison.Ordinal);
        }

        var honest = new HostileCoordinator.Script { GetUser = (_, _) => User(_bob.PublicKey) };
        await using (var coordinator = await StartAsync(honest, register: false))
        {
            var (exit, status) = await RunAsync(coordinator, "trust", "bob");
            Assert.NotEqual(0, exit);
            Assert.Contains("--safety-number", status, StringComparison.Ordinal);
        }

        Assert.False(File.Exists(PinsPath));
    }

    [Fact]
    public async Task After_trust_the_same_name_with_a_swapped_key_is_refused()
    {
        var script = new HostileCoordinator.Script
        {
            GetUser = (_, _) => User(_bob.PublicKey),
            RequestChat = session => [Dial(session, _bobId, "bob", _mallory.PublicKey)],
        };

        await TrustBobThenChatWithAChangedKeyAsync(script);
    }

    [Fact]
    public async Task A_key_rotation_the_coordinator_made_up_does_not_move_a_verified_pin()
    {
        using var coordinatorsKey = IdentityKeyPair.Generate();
        var forged = KeyRotationStatement.Sign(coordinatorsKey, _bobId, _mallory.PublicKey, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var script = new HostileCoordinator.Script
        {
            GetUser = (_, _) => User(_bob.PublicKey),
            RequestChat = session =>
            {
                var dial = Dial(session, _bobId, "bob", _mallory.PublicKey);
                dial.SessionInfo.PeerIdentityKey.Rotations.Add(Rotation(forged));
                dial.SessionInfo.PeerIdentityKey.Rotations.Add(Rotation(forged with { OldKey = _bob.PublicKey }));
                return [dial];
            },
        };

        var status = await TrustBobThenChatWithAChangedKeyAsync(script);

        Assert.DoesNotContain("replaced their identity key", status, StringComparison.Ordinal);
        var pin = JsonNode.Parse(File.ReadAllText(PinsPath))!["pins"]!.AsArray().Single()!;
        Assert.Equal(Convert.ToBase64String(_bob.PublicKey), pin["identityKey"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_coordinator_whose_certificate_chains_to_no_trusted_root_gets_no_request_and_the_user_is_told_why()
    {
        var script = new HostileCoordinator.Script();
        await using var coordinator = await HostileCoordinator.StartAsync(script, selfSignedTls: true);

        var (exit, status) = await RunAsync(coordinator, "register", "alice");

        Assert.Equal(1, exit);
        Assert.Contains("the coordinator's TLS certificate is not trusted on this machine", status, StringComparison.Ordinal);
        Assert.Contains("UntrustedRoot", status, StringComparison.Ordinal);
        Assert.Empty(script.Calls);
        Assert.Empty(script.Requests);
        Assert.False(Directory.Exists(Path.Combine(_home, "alice")));
    }

    [Fact]
    public async Task Neither_the_bearer_token_nor_the_login_secret_is_written_into_the_profile()
    {
        var script = new HostileCoordinator.Script { GetUser = (_, _) => User(_bob.PublicKey) };
        await using var coordinator = await StartAsync(script);
        Assert.Equal(0, (await RunAsync(coordinator, "verify", "bob")).Exit);

        var loginSecret = script.LoginSecrets.First();
        Assert.Equal(32, loginSecret.Length);
        Assert.All(script.LoginSecrets, sent => Assert.Equal(loginSecret, sent));
        Assert.NotEqual(-1, coordinator.RecordedBytes().AsSpan().IndexOf(Encoding.UTF8.GetBytes("Bearer " + script.Token)));
        var written = Directory.EnumerateFiles(_home, "*", SearchOption.AllDirectories).ToDictionary(path => path, File.ReadAllBytes);
        Assert.Contains(written.Keys, path => path.EndsWith("identity.key", StringComparison.Ordinal));
        var forms = new[]
        {
            Encoding.UTF8.GetBytes(script.Token),
            Encoding.Unicode.GetBytes(script.Token),
            loginSecret,
            Encoding.UTF8.GetBytes(Convert.ToBase64String(loginSecret)),
            Encoding.UTF8.GetBytes(Convert.ToHexString(loginSecret)),
            Encoding.UTF8.GetBytes(Convert.ToHexStringLower(loginSecret)),
        };
        foreach (var (path, bytes) in written)
        {
            Assert.All(forms, form => Assert.True(bytes.AsSpan().IndexOf(form) < 0, $"{path} holds a login credential"));
        }
    }

    [Fact]
    public async Task The_password_is_in_no_byte_the_coordinator_receives()
    {
        var script = new HostileCoordinator.Script { GetUser = (_, _) => User(_bob.PublicKey) };
        await using var coordinator = await StartAsync(script);
        var passwordFile = Path.Combine(_home, "password.txt");
        await File.WriteAllTextAsync(passwordFile, ClientProcess.Password + "\n");
        Assert.Equal(0, (await RunAsync(coordinator, "verify", "bob", "--password-file", passwordFile)).Exit);

        var recorded = coordinator.RecordedBytes();

        Assert.Equal(["GetLoginSalt", "Register", "Login", "GetUser"], script.Calls);
        Assert.NotEqual(-1, recorded.AsSpan().IndexOf("alice"u8));
        foreach (var encoding in new Encoding[] { Encoding.UTF8, Encoding.Unicode, Encoding.BigEndianUnicode, Encoding.UTF32 })
        {
            Assert.Equal(-1, recorded.AsSpan().IndexOf(encoding.GetBytes(ClientProcess.Password)));
        }
    }

    [Fact]
    public async Task Escape_sequences_in_every_string_from_the_coordinator_never_reach_the_terminal()
    {
        const string Attack = "\u001b]0;owned\u0007\u001b[2J\u001b[31mred";
        var refusing = new HostileCoordinator.Script
        {
            ReachabilityDetail = "dial-back " + Attack,
            RequestChat = _ => throw new RpcException(new Status(StatusCode.FailedPrecondition, "bob is offline " + Attack)),
            GetUser = (_, _) => User(_bob.PublicKey, "bob" + Attack),
        };
        var ending = new HostileCoordinator.Script
        {
            RequestChat = session => [new ServerEvent { SessionEnded = new SessionEnded { SessionId = session, Reason = EndReason.Declined, Detail = "declined " + Attack } }],
            OnConnect =
            [
                new ServerEvent
                {
                    ChatRequested = new ChatRequested
                    {
                        SessionId = Guid.NewGuid().ToString(),
                        FromUserId = _bobId.ToString(),
                        FromUsername = "bob" + Attack,
                        FromIdentityKey = Key(_bob.PublicKey),
                        ExpiresAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTime(DateTime.UtcNow.AddMinutes(1)),
                    },
                },
            ],
        };

        var shown = new StringBuilder();
        await using (var coordinator = await StartAsync(refusing))
        {
            shown.Append((await RunAsync(coordinator, "chat", "bob")).Status);
            shown.Append((await RunAsync(coordinator, "verify", "bob")).Status);
        }

        await using (var coordinator = await StartAsync(ending, register: false))
        {
            shown.Append((await RunAsync(coordinator, "chat", "bob", "--no-inbound")).Status);
            using var listener = ClientProcess.Start(coordinator.Url, _home, "listen", "--accept-all", "--no-inbound");
            await listener.WaitForStatusAsync("The request was declined");
            shown.Append(listener.Status).AppendJoin('\n', listener.Lines);
        }

        var text = shown.ToString();
        Assert.Contains("bob is offline", text, StringComparison.Ordinal);
        Assert.Contains("declined", text, StringComparison.Ordinal);
        Assert.Contains("dial-back", text, StringComparison.Ordinal);
        Assert.Contains("malformed username", text, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', text);
        Assert.DoesNotContain('\u0007', text);
    }

    public void Dispose()
    {
        _bob.Dispose();
        _mallory.Dispose();
        if (Directory.Exists(_home))
        {
            Directory.Delete(_home, recursive: true);
        }
    }

    // Trusts bob's key (as GetUser serves it) after comparing its safety number, then asks for a chat, whose introduction
    // the script swaps: the chat must be refused as a changed key. Returns what the refused chat printed.
    private async Task<string> TrustBobThenChatWithAChangedKeyAsync(HostileCoordinator.Script script)
    {
        await using var coordinator = await StartAsync(script);
        var number = SafetyNumberIn(await RunForOutputAsync(coordinator, "verify", "bob"));
        Assert.Equal(0, (await RunAsync(coordinator, "trust", "bob", "--safety-number", number)).Exit);

        var (exit, status) = await RunAsync(coordinator, "chat", "bob", "--no-inbound");

        Assert.NotEqual(0, exit);
        Assert.Contains("identity key (or the account behind the name) has changed", status, StringComparison.Ordinal);
        return status;
    }

    private static string SafetyNumberIn(IReadOnlyCollection<string> lines) =>
        lines.Single(line => line.StartsWith("Safety number with bob: ", StringComparison.Ordinal))["Safety number with bob: ".Length..];

    private static Protocol.Coordinator.V1.KeyRotation Rotation(Protocol.Accounts.KeyRotation rotation) => new()
    {
        OldPublicKey = ByteString.CopyFrom(rotation.OldKey),
        NewPublicKey = ByteString.CopyFrom(rotation.NewKey),
        RotatedAt = (ulong)rotation.RotatedAt,
        Signature = ByteString.CopyFrom(rotation.Signature),
    };

    private static IdentityKey Key(byte[] publicKey) => new() { KeyType = KeyType.Ed25519, PublicKey = ByteString.CopyFrom(publicKey) };

    private async Task<HostileCoordinator> StartAsync(HostileCoordinator.Script script, bool register = true)
    {
        var coordinator = await HostileCoordinator.StartAsync(script);
        if (register)
        {
            Assert.Equal(0, await ClientProcess.RunAsync(coordinator.Url, _home, "register", "alice"));
        }

        return coordinator;
    }

    private async Task<(int Exit, string Status)> RunAsync(HostileCoordinator coordinator, params string[] arguments)
    {
        using var client = ClientProcess.Start(coordinator.Url, _home, arguments);
        client.CloseInput();
        var exit = await client.WaitForExitAsync(Patience);
        return (exit, client.Status + string.Join('\n', client.Lines));
    }

    private async Task<IReadOnlyCollection<string>> RunForOutputAsync(HostileCoordinator coordinator, params string[] arguments)
    {
        using var client = ClientProcess.Start(coordinator.Url, _home, arguments);
        client.CloseInput();
        Assert.Equal(0, await client.WaitForExitAsync(Patience));
        return client.Lines;
    }

    private GetUserResponse User(byte[] publicKey, string name = "bob") => new()
    {
        UserId = _bobId.ToString(),
        Username = name,
        IdentityKeys = { Key(publicKey) },
        Presence = new Presence { Online = true },
    };

    // The dialler's introduction to a host: by default on a port nobody listens on.
    private static ServerEvent Dial(string sessionId, Guid peerId, string peerName, byte[] peerKey, FuturePeerHost? host = null) => new()
    {
        SessionInfo = new SessionInfo
        {
            SessionId = sessionId,
            Role = SessionRole.Dial,
            PeerUserId = peerId.ToString(),
            PeerUsername = peerName,
            PeerIdentityKey = Key(peerKey),
            HostAddress = "127.0.0.1",
            HostPort = (uint)(host?.Port ?? LoopbackPorts.GetFree()),
            HostCertificateSha256 = ByteString.CopyFrom(host?.CertificateSha256 ?? new byte[32]),
            Initiator = true,
            Path = ConnectionPath.Direct,
        },
    };
}
