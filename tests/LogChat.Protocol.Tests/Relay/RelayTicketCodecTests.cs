using System.Security.Cryptography;
using LogChat.Protocol.Relay;
using LogChat.Protocol.Sessions;

namespace LogChat.Protocol.Tests.Relay;

public sealed class RelayTicketCodecTests
{
    private const string RelayId = "relay-0";
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 4, 30, 0, TimeSpan.Zero);
    private static readonly RelayTicketKey KeyA = new(7, RandomNumberGenerator.GetBytes(32));
    private static readonly RelayTicketKey KeyB = new(8, RandomNumberGenerator.GetBytes(48));

    private static RelayTicket Ticket(RelaySide side = RelaySide.Host, string relayId = RelayId) =>
        new(new SessionId(Guid.Parse("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0")), side, Now.AddSeconds(60), relayId);

    private static RelayTicketVerification Verify(byte[] bytes, RelayTicketKeyring? keyring = null, DateTimeOffset? at = null) =>
        RelayTicketCodec.Verify(bytes, keyring ?? new RelayTicketKeyring([KeyA]), RelayId, at ?? Now);

    [Fact]
    public void An_issued_ticket_verifies_to_the_same_fields()
    {
        var ticket = Ticket(RelaySide.Dialer);
        var verified = Verify(RelayTicketCodec.Issue(ticket, new RelayTicketKeyring([KeyA])));

        Assert.Equal(RelayRefusal.None, verified.Refusal);
        Assert.Equal(ticket, verified.Ticket);
        Assert.Equal(32, verified.Mac.Length);
    }

    [Fact]
    public void The_bytes_follow_the_documented_layout()
    {
        var bytes = RelayTicketCodec.Issue(Ticket(), new RelayTicketKeyring([KeyA]));

        Assert.Equal(28 + RelayId.Length + 32, bytes.Length);
        Assert.Equal(1, bytes[0]);
        Assert.Equal(KeyA.Id, bytes[1]);
        Assert.Equal(Convert.FromHexString("0f1e2d3c4b5a69788796a5b4c3d2e1f0"), bytes[2..18]);
        Assert.Equal((byte)RelaySide.Host, bytes[18]);
        Assert.Equal(Now.AddSeconds(60).ToUnixTimeSeconds(), System.Buffers.Binary.BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(19)));
        Assert.Equal(RelayId.Length, bytes[27]);
        Assert.Equal(HMACSHA256.HashData(KeyA.Secret, bytes.AsSpan(0, 28 + RelayId.Length)), bytes[^32..]);
    }

    [Fact]
    public void Changing_any_byte_is_refused()
    {
        var bytes = RelayTicketCodec.Issue(Ticket(), new RelayTicketKeyring([KeyA]));
        for (var i = 2; i < bytes.Length; i++)
        {
            var forged = bytes.ToArray();
            forged[i] ^= 0x01;
            Assert.Equal(RelayRefusal.BadMac, Verify(forged).Refusal);
        }
    }

    [Fact]
    public void A_ticket_signed_with_an_unknown_key_is_refused()
    {
        var foreign = new RelayTicketKey(KeyA.Id, RandomNumberGenerator.GetBytes(32));

        Assert.Equal(RelayRefusal.BadMac, Verify(RelayTicketCodec.Issue(Ticket(), new RelayTicketKeyring([foreign]))).Refusal);
        Assert.Equal(RelayRefusal.BadMac, Verify(RelayTicketCodec.Issue(Ticket(), new RelayTicketKeyring([KeyB]))).Refusal);
    }

    [Fact]
    public void A_ticket_is_refused_from_its_expiry_on()
    {
        var bytes = RelayTicketCodec.Issue(Ticket(), new RelayTicketKeyring([KeyA]));

        Assert.Equal(RelayRefusal.None, Verify(bytes, at: Now.AddSeconds(59)).Refusal);
        Assert.Equal(RelayRefusal.Expired, Verify(bytes, at: Now.AddSeconds(60)).Refusal);
        Assert.Equal(RelayRefusal.Expired, Verify(bytes, at: Now.AddDays(1)).Refusal);
    }

    [Fact]
    public void A_ticket_for_another_relay_is_refused()
    {
        var bytes = RelayTicketCodec.Issue(Ticket(relayId: "relay-1"), new RelayTicketKeyring([KeyA]));

        Assert.Equal(RelayRefusal.WrongRelay, Verify(bytes).Refusal);
    }

    [Fact]
    public void A_signed_ticket_with_an_unknown_side_or_inconsistent_relay_id_length_is_malformed()
    {
        var keyring = new RelayTicketKeyring([KeyA]);
        var badSide = Resign(RelayTicketCodec.Issue(Ticket(), keyring), bytes => bytes[18] = 3);
        var noSide = Resign(RelayTicketCodec.Issue(Ticket(), keyring), bytes => bytes[18] = 0);
        var badLength = Resign(RelayTicketCodec.Issue(Ticket(), keyring), bytes => bytes[27] = 6);
        var badUtf8 = Resign(RelayTicketCodec.Issue(Ticket(), keyring), bytes => bytes[28] = 0xff);

        Assert.Equal(RelayRefusal.Malformed, Verify(badSide).Refusal);
        Assert.Equal(RelayRefusal.Malformed, Verify(noSide).Refusal);
        Assert.Equal(RelayRefusal.Malformed, Verify(badLength).Refusal);
        Assert.Equal(RelayRefusal.Malformed, Verify(badUtf8).Refusal);
    }

    [Fact]
    public void An_unknown_version_is_malformed()
    {
        var bytes = Resign(RelayTicketCodec.Issue(Ticket(), new RelayTicketKeyring([KeyA])), b => b[0] = 2);

        Assert.Equal(RelayRefusal.Malformed, Verify(bytes).Refusal);
    }

    [Fact]
    public void Truncated_extended_and_random_input_is_refused_without_throwing()
    {
        var bytes = RelayTicketCodec.Issue(Ticket(), new RelayTicketKeyring([KeyA]));
        for (var length = 0; length < bytes.Length; length++)
        {
            Assert.NotEqual(RelayRefusal.None, Verify(bytes[..length]).Refusal);
        }

        Assert.NotEqual(RelayRefusal.None, Verify([.. bytes, 0]).Refusal);
        for (var i = 0; i < 2000; i++)
        {
            var random = RandomNumberGenerator.GetBytes(RandomNumberGenerator.GetInt32(0, 200));
            if (random.Length > 1)
            {
                random[0] = 1;
                random[1] = KeyA.Id;
            }

            Assert.NotEqual(RelayRefusal.None, Verify(random).Refusal);
        }
    }

    [Fact]
    public void During_rotation_both_keys_verify_and_the_first_signs()
    {
        var oldFirst = new RelayTicketKeyring([KeyA, KeyB]);
        var newFirst = new RelayTicketKeyring([KeyB, KeyA]);
        var oldOnly = new RelayTicketKeyring([KeyA]);
        var newOnly = new RelayTicketKeyring([KeyB]);

        var signedByOld = RelayTicketCodec.Issue(Ticket(), oldFirst);
        var signedByNew = RelayTicketCodec.Issue(Ticket(), newFirst);

        Assert.Equal(KeyA.Id, signedByOld[1]);
        Assert.Equal(KeyB.Id, signedByNew[1]);
        Assert.Equal(RelayRefusal.None, Verify(signedByOld, oldFirst).Refusal);
        Assert.Equal(RelayRefusal.None, Verify(signedByNew, oldFirst).Refusal);
        Assert.Equal(RelayRefusal.None, Verify(signedByOld, newFirst).Refusal);
        Assert.Equal(RelayRefusal.BadMac, Verify(signedByNew, oldOnly).Refusal);
        Assert.Equal(RelayRefusal.BadMac, Verify(signedByOld, newOnly).Refusal);
    }

    [Fact]
    public void Issuing_refuses_an_unspecified_side_or_an_unusable_relay_id()
    {
        var keyring = new RelayTicketKeyring([KeyA]);

        Assert.Throws<ArgumentException>(() => RelayTicketCodec.Issue(Ticket(RelaySide.Unspecified), keyring));
        Assert.Throws<ArgumentException>(() => RelayTicketCodec.Issue(Ticket(relayId: ""), keyring));
        Assert.Throws<ArgumentException>(() => RelayTicketCodec.Issue(Ticket(relayId: new string('r', 65)), keyring));
    }

    private static byte[] Resign(byte[] ticket, Action<byte[]> change)
    {
        var bytes = ticket.ToArray();
        change(bytes);
        var signed = bytes.Length - 32;
        HMACSHA256.HashData(KeyA.Secret, bytes.AsSpan(0, signed), bytes.AsSpan(signed));
        return bytes;
    }
}
