using LogChat.Protocol.Accounts;
using LogChat.Protocol.Peer;

namespace LogChat.Client.Keys;

/// <summary>A profile opened with its password: the identity key and the login secret for the coordinator.</summary>
public sealed class UnlockedProfile : IDisposable
{
    internal UnlockedProfile(IdentityKeyPair identity, PasswordSecrets secrets, byte[] loginSalt, PasswordCost cost)
    {
        Identity = identity;
        Secrets = secrets;
        LoginSalt = loginSalt;
        Cost = cost;
    }

    /// <summary>The identity key pair; the caller takes it over with <see cref="TakeIdentity"/> or it is disposed here.</summary>
    public IdentityKeyPair Identity { get; }

    /// <summary>The secrets the password yields; only <see cref="PasswordSecrets.LoginSecret"/> is sent anywhere.</summary>
    public PasswordSecrets Secrets { get; }

    /// <summary>The login salt the profile keeps (the one given at registration).</summary>
    public byte[] LoginSalt { get; }

    /// <summary>The Argon2id cost the profile's secrets are derived with.</summary>
    public PasswordCost Cost { get; }

    private bool IdentityTaken { get; set; }

    /// <summary>Hands the identity key over to the caller, who disposes it from then on.</summary>
    public IdentityKeyPair TakeIdentity()
    {
        IdentityTaken = true;
        return Identity;
    }

    public void Dispose()
    {
        Secrets.Dispose();
        if (!IdentityTaken)
        {
            Identity.Dispose();
        }
    }
}
