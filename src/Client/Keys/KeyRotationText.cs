namespace LogChat.Client.Keys;

/// <summary>What the user is told when a contact's pinned key was replaced by a successor it signed.</summary>
public static class KeyRotationText
{
    /// <summary>The line for <paramref name="username"/>'s followed rotation, now in <paramref name="state"/>.</summary>
    public static string Followed(string username, PinState state) =>
        $"{username} replaced their identity key, and the key you had pinned signed the new one: it is accepted"
        + (state == PinState.Verified ? " and stays verified." : " (still not verified).");
}
