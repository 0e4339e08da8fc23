using LogChat.Client.Keys;
using LogChat.Protocol.Coordinator.V1;

namespace LogChat.Client.Coordinator;

/// <summary>A user this user blocks: id, username and since when.</summary>
public sealed record BlockedContact(Guid UserId, string Username, DateTimeOffset BlockedAt)
{
    /// <summary>The coordinator's list, each entry checked; <see cref="CoordinatorProtocolException"/> for a malformed one.</summary>
    public static IReadOnlyList<BlockedContact> FromWire(ListBlockedUsersResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return
        [
            .. response.Blocked.Select(blocked => new BlockedContact(
                CoordinatorWire.ReadUserId(blocked.UserId),
                Usernames.Normalize(blocked.Username),
                CoordinatorWire.ReadTime(blocked.BlockedAt, $"the block of {blocked.Username}"))),
        ];
    }
}
