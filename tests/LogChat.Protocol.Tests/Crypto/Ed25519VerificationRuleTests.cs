using LogChat.Protocol.Peer;
using LogChat.Protocol.Tests.Support;
using LogChat.Protocol.Tests.Vectors;

namespace LogChat.Protocol.Tests.Crypto;

/// <summary>
/// The Ed25519 verification rule of docs/protocol.md section 7.1, as the identity signature check (libsodium through NSec)
/// applies it to the published vectors of docs/vectors/ed25519-verification-v1.json.
/// </summary>
public sealed class Ed25519VerificationRuleTests
{
    public static TheoryData<string> CaseNames => [.. SignatureVectors.Cases().Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void The_signature_check_accepts_exactly_what_the_spec_s_rule_accepts(string name)
    {
        var signatureCase = SignatureVectors.Cases().Single(c => c.Name == name);

        var accepted = IdentitySignature.Verify(signatureCase.PublicKey, signatureCase.Message, signatureCase.Signature);

        Assert.Equal(Ed25519Signatures.VerifiesUnderTheProtocol(signatureCase.PublicKey, signatureCase.Message, signatureCase.Signature), accepted);
        Assert.Equal(name == "valid", accepted);
    }

    [Theory]
    [InlineData("non_canonical_s", true, true)]
    [InlineData("small_order_r_neutral", true, true)]
    [InlineData("small_order_r_order_8", false, true)]
    [InlineData("mixed_order_r", false, true)]
    [InlineData("small_order_a", false, true)]
    [InlineData("mixed_order_a", true, true)]
    public void Each_refused_signature_passes_the_equation_a_looser_verifier_checks(string name, bool cofactorless, bool cofactored)
    {
        var c = SignatureVectors.Cases().Single(c => c.Name == name);

        Assert.Equal(
            (cofactorless, cofactored),
            (Ed25519Signatures.CofactorlessEquationHolds(c.PublicKey, c.Message, c.Signature), Ed25519Signatures.CofactoredEquationHolds(c.PublicKey, c.Message, c.Signature)));
    }

    [Fact]
    public void A_valid_signature_under_a_small_order_key_is_refused_for_the_key_before_any_equation()
    {
        var c = SignatureVectors.Cases().Single(c => c.Name == "small_order_a");

        Assert.False(IdentityPublicKey.IsValid(c.PublicKey));
        Assert.False(IdentitySignature.Verify(c.PublicKey, c.Message, c.Signature));
    }
}
