namespace LogChat.Client.Sessions;

/// <summary>How the two peers of a session connect, as the coordinator chose it and the chat header shows it.</summary>
public enum ConnectionPath
{
    /// <summary>Not said (an older coordinator): shown as nothing.</summary>
    Unspecified,

    /// <summary>The initiator hosts; the responder dials it.</summary>
    Direct,

    /// <summary>The responder hosts, because the initiator cannot be reached.</summary>
    Reversed,

    /// <summary>Neither can be reached: both open a TCP connection to each other at once through their NATs.</summary>
    Punched,

    /// <summary>Both connect out to a relay, which pairs them and copies the bytes of their end-to-end TLS.</summary>
    Relayed,
}
