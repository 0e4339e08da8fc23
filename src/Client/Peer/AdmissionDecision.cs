namespace LogChat.Client.Peer;

/// <summary>What a host's listener answers a dialler.</summary>
internal enum AdmissionDecision
{
    /// <summary>Let in as a candidate: the host runs the handshake with it.</summary>
    Entered,

    /// <summary>Enough candidates are being checked: try again shortly.</summary>
    Busy,

    /// <summary>The seat is taken or the session is over.</summary>
    Closed,
}
