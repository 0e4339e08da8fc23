using System.Security.Cryptography;
using LogChat.Client.Peer;

namespace LogChat.Client.Chat;

/// <summary>
/// Whom this user asked for, or whose request it accepted: the coordinator's introduction of the peer must name exactly
/// them. A coordinator that answers <c>chat bob</c> with <c>bob_</c>, another user id or (for an accepted request) another
/// key than the request showed is refused, so it cannot slip a contact of its own in under a name the user never chose.
/// </summary>
/// <param name="Username">The canonical username asked for or accepted.</param>
/// <param name="UserId">The user id the accepted request named; null when asking by name.</param>
/// <param name="IdentityKey">The key the accepted request showed (and the pin check saw); null when asking by name.</param>
internal sealed record ExpectedPeer(string Username, Guid? UserId = null, byte[]? IdentityKey = null)
{
    /// <summary>Why <paramref name="introduction"/> is not this peer, for the user; null when it is.</summary>
    public string? Mismatch(PeerIntroduction introduction)
    {
        ArgumentNullException.ThrowIfNull(introduction);
        if (introduction.PeerUsername != Username || (UserId is { } id && introduction.PeerUserId != id))
        {
            return $"The coordinator introduced {introduction.PeerUsername} (user {introduction.PeerUserId}) for the chat with {Username}"
                + (UserId is { } expected ? $" (user {expected})" : string.Empty)
                + ". Refused: a coordinator that swaps the peer may be trying to listen in.";
        }

        return IdentityKey is not null && !CryptographicOperations.FixedTimeEquals(IdentityKey, introduction.PeerIdentityKey)
            ? $"The coordinator introduced {Username} with another identity key than the chat request showed. Refused: a coordinator that swaps keys may be trying to listen in."
            : null;
    }
}
