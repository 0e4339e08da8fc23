using System.Security.Cryptography;
using LogChat.Gateway.Sessions;
using Microsoft.Extensions.Options;
using Xunit;

namespace LogChat.Gateway.Tests.Sessions;

public sealed class SessionIdAuthenticatorTests
{
    private static readonly string Key = NewKey();
    private readonly SessionIdAuthenticator _ids = Authenticator(Key);

    [Fact]
    public void An_issued_id_is_a_version_8_uuid_that_checks_out_and_ids_differ()
    {
        var first = _ids.Issue();
        var second = _ids.Issue();
        var bytes = first.ToByteArray(bigEndian: true);

        Assert.Equal(8, first.Version);
        Assert.Equal(0b10, bytes[8] >> 6);
        Assert.Equal(36, first.ToString().Length);
        Assert.True(_ids.IsGenuine(first));
        Assert.True(_ids.IsGenuine(second));
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void Flipping_any_one_bit_of_an_issued_id_makes_it_unknown()
    {
        var issued = _ids.Issue().ToByteArray(bigEndian: true);
        for (var bit = 0; bit < 128; bit++)
        {
            var forged = (byte[])issued.Clone();
            forged[bit / 8] ^= (byte)(0x80 >> (bit % 8));
            Assert.False(_ids.IsGenuine(new Guid(forged, bigEndian: true)), $"bit {bit}");
        }
    }

    [Fact]
    public void Random_uuids_and_ids_of_another_cluster_are_unknown()
    {
        var other = Authenticator(NewKey());

        Assert.DoesNotContain(Enumerable.Range(0, 1000), _ => _ids.IsGenuine(Guid.NewGuid()));
        Assert.DoesNotContain(Enumerable.Range(0, 1000), _ => _ids.IsGenuine(other.Issue()));
    }

    [Fact]
    public void After_a_rotation_ids_made_with_the_previous_key_still_check_out_and_new_ones_use_the_new_key()
    {
        var rotated = Authenticator(NewKey(), previousKey: Key);
        var afterRotation = rotated.Issue();

        Assert.True(rotated.IsGenuine(_ids.Issue()));
        Assert.True(rotated.IsGenuine(afterRotation));
        Assert.False(_ids.IsGenuine(afterRotation));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not base64!")]
    [InlineData("c2hvcnQ=")]
    public void A_key_that_is_missing_short_or_not_base64_is_refused(string key) =>
        Assert.Null(SessionIdOptions.Decode(key));

    private static SessionIdAuthenticator Authenticator(string key, string previousKey = "") =>
        new(Options.Create(new SessionIdOptions { Key = key, PreviousKey = previousKey }));

    private static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
}
