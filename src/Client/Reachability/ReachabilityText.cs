using System.Globalization;
using Grpc.Core;
using LogChat.Client.Coordinator;

namespace LogChat.Client.Reachability;

/// <summary>How a reachability measurement reads to the user.</summary>
public static class ReachabilityText
{
    /// <summary>The NAT type's name, as <c>logchat status</c> prints it.</summary>
    public static string Name(NatKind nat) => nat switch
    {
        NatKind.None => "none",
        NatKind.FullCone => "full-cone",
        NatKind.Restricted => "restricted",
        NatKind.Symmetric => "symmetric",
        _ => "unknown",
    };

    /// <summary>What the NAT type means for chats, in a few words.</summary>
    public static string Meaning(NatKind nat) => nat switch
    {
        NatKind.None => "a public address, no translation",
        NatKind.FullCone => "behind a router that lets peers in (a forwarded port or a full-cone NAT)",
        NatKind.Restricted => "behind a router that keeps one public port per connection but lets nobody in unasked",
        NatKind.Symmetric => "behind a router that uses a new public port for every destination",
        _ => "not determined",
    };

    /// <summary>One status line for a fresh measurement.</summary>
    public static string Summary(ReachabilityMeasurement measurement)
    {
        ArgumentNullException.ThrowIfNull(measurement);
        if (measurement.ListenPort is null)
        {
            return "Not accepting connections (--no-inbound): the other side of a chat hosts it.";
        }

        return measurement.Reachable
            ? $"Peers can reach this machine at {measurement.ObservedAddress} port {measurement.ListenPort} (NAT type: {Name(measurement.Nat)})."
            : $"Peers cannot reach this machine: {measurement.Detail} (NAT type: {Name(measurement.Nat)}); the other side of a chat hosts it.";
    }

    /// <summary>Whether peers can connect, and why not.</summary>
    public static string Reachability(ReachabilityMeasurement measurement)
    {
        ArgumentNullException.ThrowIfNull(measurement);
        return measurement.Reachable
            ? $"yes: the coordinator connected to port {measurement.ListenPort} and this listener answered"
            : $"no: {measurement.Detail}";
    }

    /// <summary>When it was measured, and how long ago.</summary>
    public static string Age(ReachabilityMeasurement measurement, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(measurement);
        var seconds = Math.Max(0, (int)(now - measurement.MeasuredAt).TotalSeconds);
        var at = measurement.MeasuredAt.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        return $"{at} UTC ({seconds} s ago)";
    }

    /// <summary>Why the coordinator refused or failed a measurement call.</summary>
    public static string Reason(RpcException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return string.IsNullOrWhiteSpace(exception.Status.Detail)
            ? $"the coordinator answered {exception.StatusCode}"
            : exception.Status.Detail;
    }
}
