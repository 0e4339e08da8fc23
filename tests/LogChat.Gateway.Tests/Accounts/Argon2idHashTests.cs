using LogChat.Gateway.Accounts;
using Xunit;

namespace LogChat.Gateway.Tests.Accounts;

public sealed class Argon2idHashTests
{
    private const string Valid = "$argon2id$v=19$m=1024,t=2,p=1$bG9nY2hhdC1zYWx0LTE2Yg$UzthMGRV0EpMrcOaeMQ1Cc/dTkT7H+NUcWqCDcrsfkU";

    [Fact]
    public void A_phc_string_parses_into_its_parameters_and_encodes_back_unchanged()
    {
        var hash = Argon2idHash.TryParse(Valid);

        Assert.NotNull(hash);
        Assert.Equal((1024, 2), (hash.MemoryKib, hash.Iterations));
        Assert.Equal("logchat-salt-16b"u8.ToArray(), hash.Salt);
        Assert.Equal(Argon2idHash.HashBytes, hash.Hash.Length);
        Assert.Equal(Valid, hash.Encode());
    }

    [Theory]
    [InlineData("$argon2id$v=16$m=1024,t=2,p=1$bG9nY2hhdC1zYWx0LTE2Yg$UzthMGRV0EpMrcOaeMQ1Cc/dTkT7H+NUcWqCDcrsfkU")]
    [InlineData("$argon2id$v=19$m=1024,t=2,p=2$bG9nY2hhdC1zYWx0LTE2Yg$UzthMGRV0EpMrcOaeMQ1Cc/dTkT7H+NUcWqCDcrsfkU")]
    [InlineData("$argon2id$v=19$m=4,t=2,p=1$bG9nY2hhdC1zYWx0LTE2Yg$UzthMGRV0EpMrcOaeMQ1Cc/dTkT7H+NUcWqCDcrsfkU")]
    [InlineData("$argon2id$v=19$m=1048577,t=2,p=1$bG9nY2hhdC1zYWx0LTE2Yg$UzthMGRV0EpMrcOaeMQ1Cc/dTkT7H+NUcWqCDcrsfkU")]
    [InlineData("$argon2id$v=19$m=1024,t=0,p=1$bG9nY2hhdC1zYWx0LTE2Yg$UzthMGRV0EpMrcOaeMQ1Cc/dTkT7H+NUcWqCDcrsfkU")]
    [InlineData("$argon2id$v=19$m=1024,t=-2,p=1$bG9nY2hhdC1zYWx0LTE2Yg$UzthMGRV0EpMrcOaeMQ1Cc/dTkT7H+NUcWqCDcrsfkU")]
    [InlineData("$argon2id$v=19$t=2,m=1024,p=1$bG9nY2hhdC1zYWx0LTE2Yg$UzthMGRV0EpMrcOaeMQ1Cc/dTkT7H+NUcWqCDcrsfkU")]
    [InlineData("$argon2id$v=19$m=1024,t=2,p=1$c29tZXNhbHQ$UzthMGRV0EpMrcOaeMQ1Cc/dTkT7H+NUcWqCDcrsfkU")]
    [InlineData("$argon2id$v=19$m=1024,t=2,p=1$bG9nY2hhdC1zYWx0LTE2Yg$UzthMGRV0EpMrcOaeMQ1Cc/dTkT7H+NUcWqCDcrsfkU$x")]
    [InlineData("$argon2id$v=19$m=1024,t=2,p=1$bG9nY2hhdC1zYWx0LTE2Y!$UzthMGRV0EpMrcOaeMQ1Cc/dTkT7H+NUcWqCDcrsfkU")]
    public void A_phc_string_with_parameters_the_gateway_does_not_compute_or_a_bad_encoding_is_refused(string encoded)
    {
        Assert.Null(Argon2idHash.TryParse(encoded));
    }
}
