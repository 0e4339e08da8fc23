using System.Net;
using System.Net.Sockets;

namespace LogChat.Testing;

/// <summary>Free TCP ports on 127.0.0.1 for servers a test starts.</summary>
public static class LoopbackPorts
{
    /// <summary>A port that nothing listened on a moment ago (the OS picks it from its ephemeral range).</summary>
    public static int GetFree()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
