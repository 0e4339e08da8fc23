namespace LogChat.Protocol.Accounts;

/// <summary>
/// Argon2id cost of the one password derivation on the device (docs/protocol.md, "Passwords"). Protocol v2 fixes
/// <see cref="Floor"/>; a client computes at least that much whatever anyone says and never takes a cost from the
/// coordinator.
/// </summary>
/// <param name="MemoryKib">Memory in KiB.</param>
/// <param name="Iterations">Passes over the memory.</param>
public sealed record PasswordCost(int MemoryKib, int Iterations)
{
    /// <summary>64 MiB, 3 passes, 1 lane: protocol v2's cost, and the least a client accepts.</summary>
    public static PasswordCost Floor { get; } = new(64 * 1024, 3);

    /// <summary>The most a client computes (4 GiB, 100 passes): a corrupted file cannot make it hang.</summary>
    public static PasswordCost Ceiling { get; } = new(4 * 1024 * 1024, 100);

    /// <summary>Whether this cost lies between <see cref="Floor"/> and <see cref="Ceiling"/>.</summary>
    public bool IsAccepted =>
        MemoryKib >= Floor.MemoryKib && MemoryKib <= Ceiling.MemoryKib && Iterations >= Floor.Iterations && Iterations <= Ceiling.Iterations;
}
