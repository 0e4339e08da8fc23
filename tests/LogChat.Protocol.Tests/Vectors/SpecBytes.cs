using System.Security.Cryptography;
using System.Text;

namespace LogChat.Protocol.Tests.Vectors;

/// <summary>
/// The byte strings of docs/protocol.md written out again from the page, independently of the
/// protocol code, with the BCL's SHA-256, HKDF, HMAC and AES-GCM: the vector test checks that
/// the code and the page agree.
/// </summary>
internal static class SpecBytes
{
    public static byte[] Uuid(Guid id) => id.ToByteArray(bigEndian: true);

    public static byte[] Context(byte[] dialerIdentity, byte[] hostIdentity) =>
    [
        .. Uuid(VectorInputs.SessionId), .. Uuid(VectorInputs.DialerUserId), .. Uuid(VectorInputs.HostUserId), .. dialerIdentity, .. hostIdentity,
    ];

    public static byte[] Prologue(byte[] dialerIdentity, byte[] hostIdentity) =>
        [.. Ascii("LogChat peer handshake v1"), 0x01, .. Context(dialerIdentity, hostIdentity)];

    public static byte[] Statement(byte role, byte[] dialerIdentity, byte[] hostIdentity, byte[] ephemeral, byte[] transcriptSoFar) =>
    [
        .. Ascii("LogChat peer handshake signature v1"), 0x01, role, .. Context(dialerIdentity, hostIdentity), .. ephemeral, .. SHA256.HashData(transcriptSoFar),
    ];

    public static byte[] Hkdf(byte[] ikm, byte[] salt, string info) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, ikm, 32, salt, Ascii(info));

    public static byte[] Hmac(byte[] key, byte[] data) => HMACSHA256.HashData(key, data);

    public static byte[] Nonce(ulong counter)
    {
        var nonce = new byte[12];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(nonce.AsSpan(4), counter);
        return nonce;
    }

    public static byte[] Seal(byte[] key, ulong counter, byte[] plaintext)
    {
        using var aes = new AesGcm(key, 16);
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[16];
        aes.Encrypt(Nonce(counter), plaintext, ciphertext, tag);
        return [.. ciphertext, .. tag];
    }

    public static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);
}
