using System.Security.Cryptography;

namespace LogChat.Testing;

/// <summary>A gateway's session id key for a test cluster, as <c>run.sh</c> and the Secret in deploy/k8s hold one.</summary>
public static class SessionIdKey
{
    /// <summary>A new random key in base64, for <c>LogChat:SessionIds:Key</c>.</summary>
    public static string New() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
}
