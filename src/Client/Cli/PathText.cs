using LogChat.Client.Sessions;

namespace LogChat.Client.Cli;

/// <summary>How a chat's connection path is shown: the rung of the connection ladder that connected it.</summary>
public static class PathText
{
    /// <summary>"path: direct" and so on; empty when the coordinator did not say.</summary>
    public static string Plain(ConnectionPath path) => path switch
    {
        ConnectionPath.Direct => "path: direct",
        ConnectionPath.Reversed => "path: reversed",
        ConnectionPath.Punched => "path: punched",
        ConnectionPath.Relayed => "path: relayed",
        _ => string.Empty,
    };
}
