namespace LogChat.Protocol.Versions;

/// <summary>A client's release and the coordinator protocol it speaks, as its call stated them.</summary>
public sealed record StatedVersion(ClientVersion Client, int Protocol);
