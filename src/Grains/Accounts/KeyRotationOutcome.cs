namespace LogChat.Grains.Accounts;

/// <summary>What became of a request to rotate a user's identity key in the database.</summary>
public enum KeyRotationOutcome
{
    /// <summary>The new key is current, the old one retired.</summary>
    Rotated,

    /// <summary>The key to retire is not the user's current key (it changed meanwhile): nothing changed.</summary>
    NotCurrent,

    /// <summary>The new key was one of the user's keys before: nothing changed.</summary>
    KeyUsedBefore,
}
