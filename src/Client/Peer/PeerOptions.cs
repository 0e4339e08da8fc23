using System.Net;
using System.Net.Sockets;

namespace LogChat.Client.Peer;

/// <summary>How this client runs the peer side of a chat.</summary>
/// <param name="ListenAddress">Where a host's listener binds (by default every interface, so that a peer elsewhere can dial it).</param>
/// <param name="Heartbeat">Heartbeat interval and window.</param>
/// <param name="ConnectTimeout">How long a dialler tries to reach the host.</param>
/// <param name="HandshakeTimeout">How long either side waits for the handshake to finish.</param>
/// <param name="AcceptTimeout">How long a host waits for its dialler to arrive.</param>
public sealed record PeerOptions(
    IPAddress ListenAddress,
    HeartbeatOptions Heartbeat,
    TimeSpan ConnectTimeout,
    TimeSpan HandshakeTimeout,
    TimeSpan AcceptTimeout)
{
    /// <summary>
    /// Every interface: IPv6 and IPv4 on one dual-mode socket where the machine has IPv6 (Kestrel binds
    /// <see cref="IPAddress.IPv6Any"/> dual-mode), IPv4 alone otherwise.
    /// </summary>
    public static IPAddress EveryInterface { get; } = Socket.OSSupportsIPv6 ? IPAddress.IPv6Any : IPAddress.Any;

    /// <summary>Listener on every interface, default heartbeats, 10 s to connect and to handshake, 60 s for the dialler to arrive.</summary>
    public static PeerOptions Default { get; } = new(
        EveryInterface,
        HeartbeatOptions.Default,
        TimeSpan.FromSeconds(10),
        TimeSpan.FromSeconds(10),
        TimeSpan.FromSeconds(60));
}
