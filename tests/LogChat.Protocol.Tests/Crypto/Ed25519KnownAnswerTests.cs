using LogChat.Protocol.Peer;

namespace LogChat.Protocol.Tests.Crypto;

/// <summary>The identity key wrapper against RFC 8032 section 7.1 (Ed25519) tests 1 to 3.</summary>
public sealed class Ed25519KnownAnswerTests
{
    public static TheoryData<string, string, string, string> Rfc8032Vectors => new()
    {
        {
            "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
            "",
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
        },
        {
            "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
            "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
            "72",
            "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"
        },
        {
            "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
            "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
            "af82",
            "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"
        },
    };

    [Theory]
    [MemberData(nameof(Rfc8032Vectors))]
    public void An_identity_key_restored_from_an_RFC_8032_private_key_has_its_public_key_and_signs_as_the_RFC_does(
        string privateKey, string publicKey, string message, string signature)
    {
        using var identity = IdentityKeyPair.FromPrivateKey(Convert.FromHexString(privateKey));

        Assert.Equal(publicKey, Convert.ToHexStringLower(identity.PublicKey));
        Assert.Equal(signature, Convert.ToHexStringLower(identity.Sign(Convert.FromHexString(message))));
    }

    [Theory]
    [MemberData(nameof(Rfc8032Vectors))]
    public void An_RFC_8032_signature_verifies_and_a_flipped_bit_does_not(string privateKey, string publicKey, string message, string signature)
    {
        Assert.NotEmpty(privateKey);
        var signatureBytes = Convert.FromHexString(signature);

        Assert.True(IdentitySignature.Verify(Convert.FromHexString(publicKey), Convert.FromHexString(message), signatureBytes));
        signatureBytes[0] ^= 1;
        Assert.False(IdentitySignature.Verify(Convert.FromHexString(publicKey), Convert.FromHexString(message), signatureBytes));
    }

    [Fact]
    public void An_exported_private_key_restores_the_same_identity()
    {
        using var original = IdentityKeyPair.Generate();
        var privateKey = new byte[IdentityKeyPair.PrivateKeySize];
        original.ExportPrivateKey(privateKey);

        using var restored = IdentityKeyPair.FromPrivateKey(privateKey);

        Assert.Equal(original.PublicKey, restored.PublicKey);
    }

    [Fact]
    public void A_private_key_of_the_wrong_size_is_refused()
    {
        Assert.Throws<ArgumentException>(() => IdentityKeyPair.FromPrivateKey(new byte[31]));
        using var identity = IdentityKeyPair.Generate();
        Assert.Throws<ArgumentException>(() => identity.ExportPrivateKey(new byte[33]));
    }
}
