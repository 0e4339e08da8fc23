namespace LogChat.Grains.Events;

/// <summary>Something a connected client must be told, carried to its gateway and out on its Connect stream.</summary>
[GenerateSerializer, Immutable]
public abstract record ClientEvent;
