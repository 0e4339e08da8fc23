using LogChat.Protocol.Peer;
using NSec.Cryptography;

namespace LogChat.Protocol.Tests.Crypto;

/// <summary>The HKDF wrapper of the key schedule against RFC 5869 appendix A, test cases 1 to 3 (HKDF-SHA256).</summary>
public sealed class HkdfKnownAnswerTests
{
    public static TheoryData<string, string, string, string> Rfc5869Vectors => new()
    {
        {
            "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b",
            "000102030405060708090a0b0c",
            "f0f1f2f3f4f5f6f7f8f9",
            "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"
        },
        {
            Range(0x00, 80),
            Range(0x60, 80),
            Range(0xb0, 80),
            "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71cc30c58179ec3e87c14c01d5c1f3434f1d87"
        },
        {
            "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b",
            "",
            "",
            "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8"
        },
    };

    [Theory]
    [MemberData(nameof(Rfc5869Vectors))]
    public void HKDF_SHA256_gives_the_RFC_5869_output(string ikm, string salt, string info, string okm)
    {
        using var secret = SharedSecret.Import(Convert.FromHexString(ikm), SharedSecretBlobFormat.RawSharedSecret);
        var output = new byte[okm.Length / 2];

        KeyDerivation.DeriveBytes(secret, Convert.FromHexString(salt), Convert.FromHexString(info), output);

        Assert.Equal(okm, Convert.ToHexStringLower(output));
    }

    [Theory]
    [MemberData(nameof(Rfc5869Vectors))]
    public void A_derived_secret_is_the_first_32_bytes_of_the_RFC_5869_output(string ikm, string salt, string info, string okm)
    {
        using var secret = SharedSecret.Import(Convert.FromHexString(ikm), SharedSecretBlobFormat.RawSharedSecret);

        using var derived = KeyDerivation.DeriveSecret(secret, Convert.FromHexString(salt), Convert.FromHexString(info), KeyExportPolicies.AllowPlaintextExport);

        Assert.Equal(okm[..64], Convert.ToHexStringLower(derived.Export(SharedSecretBlobFormat.RawSharedSecret)));
    }

    private static string Range(int first, int count) =>
        Convert.ToHexStringLower(Enumerable.Range(first, count).Select(value => (byte)value).ToArray());
}
