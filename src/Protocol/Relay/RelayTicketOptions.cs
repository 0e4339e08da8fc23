namespace LogChat.Protocol.Relay;

/// <summary>
/// The ticket keys as configured (section <c>LogChat:RelayTickets</c>), the same on the coordinator and every relay:
/// <c>Keys:0:Id</c> and <c>Keys:0:Secret</c> (base64) and so on; the first key signs, all are accepted.
/// </summary>
public sealed class RelayTicketOptions
{
    public const string Section = "LogChat:RelayTickets";

    /// <summary>The keys, the signing key first.</summary>
    public IList<RelayTicketKeyOptions> Keys { get; } = [];

    /// <summary>What is wrong with the configuration, one sentence each; empty when the keys are usable.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Keys.Count == 0)
        {
            problems.Add($"{Section}:Keys is empty: configure at least one key (Id 0-255, Secret base64 of at least {RelayTicketKey.MinSecretBytes} bytes)");
        }

        var seen = new HashSet<int>();
        for (var i = 0; i < Keys.Count; i++)
        {
            var key = Keys[i];
            if (key.Id is < 0 or > 255)
            {
                problems.Add($"{Section}:Keys:{i}:Id must be 0-255, not {key.Id}");
            }
            else if (!seen.Add(key.Id))
            {
                problems.Add($"{Section}:Keys:{i}:Id {key.Id} is used by an earlier key");
            }

            if (DecodeSecret(key.Secret) is not { Length: >= RelayTicketKey.MinSecretBytes })
            {
                problems.Add($"{Section}:Keys:{i}:Secret must be base64 of at least {RelayTicketKey.MinSecretBytes} bytes");
            }
        }

        return problems;
    }

    /// <summary>The keyring these options describe; throws with every one of <see cref="Problems"/> when there are any.</summary>
    public RelayTicketKeyring ToKeyring()
    {
        var problems = Problems();
        if (problems.Count > 0)
        {
            throw new InvalidOperationException(string.Join("; ", problems));
        }

        return new RelayTicketKeyring([.. Keys.Select(k => new RelayTicketKey((byte)k.Id, DecodeSecret(k.Secret)))]);
    }

    private static byte[] DecodeSecret(string? secret)
    {
        if (string.IsNullOrEmpty(secret))
        {
            return [];
        }

        var buffer = new byte[secret.Length];
        return Convert.TryFromBase64String(secret, buffer, out var written) ? buffer[..written] : [];
    }
}

/// <summary>One configured ticket key.</summary>
public sealed class RelayTicketKeyOptions
{
    /// <summary>The key id written in tickets, 0-255.</summary>
    public int Id { get; set; }

    /// <summary>The secret, base64; at least 32 bytes once decoded.</summary>
    public string? Secret { get; set; }
}
