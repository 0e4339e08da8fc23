using System.Security.Cryptography;

namespace LogChat.Testing;

/// <summary>
/// The secrets every gateway of one cluster must share and refuses to start without (the session id key and the login
/// salt secret), new for a test cluster, as <c>run.sh</c> and the Secrets in deploy/k8s hold them.
/// </summary>
public static class ClusterSecrets
{
    /// <summary>New secrets as configuration keys (<c>LogChat:SessionIds:Key</c>, ...) and base64 values.</summary>
    public static IReadOnlyDictionary<string, string> New() => new Dictionary<string, string>
    {
        ["LogChat:SessionIds:Key"] = NewKey(),
        ["LogChat:LoginSalt:Secret"] = NewKey(),
    };

    /// <summary>New secrets as the environment variables a gateway process reads (<c>LOGCHAT_LogChat__SessionIds__Key</c>, ...).</summary>
    public static IReadOnlyDictionary<string, string> NewEnvironment() =>
        New().ToDictionary(setting => "LOGCHAT_" + setting.Key.Replace(":", "__", StringComparison.Ordinal), setting => setting.Value);

    /// <summary>32 random bytes in base64: one such key or secret.</summary>
    public static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
}
