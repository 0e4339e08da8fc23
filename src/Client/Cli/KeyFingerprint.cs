using System.Security.Cryptography;

namespace LogChat.Client.Cli;

/// <summary>A short readable fingerprint of one identity public key: SHA-256, first 16 bytes, in groups of four hex digits.</summary>
public static class KeyFingerprint
{
    public static string Format(ReadOnlySpan<byte> publicKey)
    {
        var hex = Convert.ToHexStringLower(SHA256.HashData(publicKey).AsSpan(0, 16));
        return string.Join(' ', Enumerable.Range(0, hex.Length / 4).Select(i => hex.Substring(i * 4, 4)));
    }
}
