namespace LogChat.Protocol.Tests.Vectors;

/// <summary>The fixed inputs of the published test vectors: published RFC keys, so anyone can check them.</summary>
internal static class VectorInputs
{
    public static readonly Guid SessionId = Guid.Parse("0b7e1d4c-2f3a-4c5d-8e9f-a0b1c2d3e4f5");

    public static readonly Guid DialerUserId = Guid.Parse("a11ce000-0000-4000-8000-000000000001");

    public static readonly Guid HostUserId = Guid.Parse("b0b00000-0000-4000-8000-000000000002");

    /// <summary>RFC 8032 section 7.1, test 1.</summary>
    public const string DialerIdentityPrivateKey = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";

    /// <summary>RFC 8032 section 7.1, test 2.</summary>
    public const string HostIdentityPrivateKey = "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb";

    /// <summary>RFC 7748 section 6.1, Alice.</summary>
    public const string DialerEphemeralPrivateKey = "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a";

    /// <summary>RFC 7748 section 6.1, Bob.</summary>
    public const string HostEphemeralPrivateKey = "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb";

    public const string DialerFirstText = "Hello, Bob!";

    public const string HostFirstText = "Hello, Alice!";
}
