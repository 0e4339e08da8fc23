using LogChat.Client.Keys;

namespace LogChat.Client.Cli;

/// <summary>Picks the profile a command acts as: <c>--user</c>, or the only profile in the home folder.</summary>
public static class ProfileResolver
{
    public static ProfileFolder Resolve(ClientSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!string.IsNullOrWhiteSpace(settings.User))
        {
            var chosen = ProfileFolder.For(settings.Home, settings.User);
            return chosen.Exists
                ? chosen
                : throw new UserFacingException($"No profile for {chosen.Username} in {settings.Home}: run `logchat register {chosen.Username}` first.");
        }

        var profiles = ProfileFolder.List(settings.Home);
        return profiles.Count switch
        {
            1 => ProfileFolder.For(settings.Home, profiles[0]),
            0 => throw new UserFacingException($"No profile in {settings.Home}: run `logchat register <username>` first."),
            _ => throw new UserFacingException($"{settings.Home} holds several profiles ({string.Join(", ", profiles)}): choose one with --user."),
        };
    }
}
