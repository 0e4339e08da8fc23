namespace LogChat.Grains.Relays;

/// <summary>A relay as clients reach it: its identity (written into its tickets) and the address and port they dial.</summary>
public sealed record RelayServer(string Id, string Host, int Port);
