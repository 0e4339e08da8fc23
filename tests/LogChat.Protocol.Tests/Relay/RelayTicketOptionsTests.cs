using System.Security.Cryptography;
using LogChat.Protocol.Relay;

namespace LogChat.Protocol.Tests.Relay;

public sealed class RelayTicketOptionsTests
{
    private static readonly string Secret32 = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private static RelayTicketOptions Options(params (int Id, string? Secret)[] keys)
    {
        var options = new RelayTicketOptions();
        foreach (var (id, secret) in keys)
        {
            options.Keys.Add(new RelayTicketKeyOptions { Id = id, Secret = secret });
        }

        return options;
    }

    [Fact]
    public void Usable_keys_make_a_keyring_whose_first_key_signs()
    {
        var options = Options((3, Secret32), (4, Convert.ToBase64String(RandomNumberGenerator.GetBytes(64))));

        Assert.Empty(options.Problems());
        var keyring = options.ToKeyring();
        Assert.Equal(3, keyring.Current.Id);
        Assert.NotNull(keyring.Find(4));
        Assert.Null(keyring.Find(5));
    }

    [Fact]
    public void No_keys_is_refused()
    {
        Assert.Contains(Options().Problems(), p => p.Contains("Keys is empty", StringComparison.Ordinal));
        Assert.Throws<InvalidOperationException>(() => Options().ToKeyring());
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(256)]
    public void An_id_out_of_range_is_refused(int id) =>
        Assert.Contains(Options((id, Secret32)).Problems(), p => p.Contains("Keys:0:Id must be 0-255", StringComparison.Ordinal));

    [Fact]
    public void A_repeated_id_is_refused() =>
        Assert.Contains(Options((1, Secret32), (1, Secret32)).Problems(), p => p.Contains("Keys:1:Id 1 is used", StringComparison.Ordinal));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not base64!")]
    [InlineData("c2hvcnQ=")]
    public void A_missing_short_or_garbled_secret_is_refused(string? secret) =>
        Assert.Contains(Options((1, secret)).Problems(), p => p.Contains("Keys:0:Secret must be base64", StringComparison.Ordinal));

    [Fact]
    public void The_keyring_refuses_short_secrets_and_repeated_ids()
    {
        Assert.Throws<ArgumentException>(() => new RelayTicketKey(1, new byte[31]));
        Assert.Throws<ArgumentException>(() => new RelayTicketKeyring([new RelayTicketKey(1, new byte[32]), new RelayTicketKey(1, new byte[32])]));
        Assert.Throws<ArgumentException>(() => new RelayTicketKeyring([]));
    }
}
