using LogChat.Grains.Presence;
using Xunit;

namespace LogChat.Grains.Tests.Sessions;

/// <summary>Who hosts a session, per the seed's host selection.</summary>
public enum ExpectedHost
{
    Initiator,
    Responder,
    NoConnectionPath,
}

/// <summary>
/// Every kind of client (no NAT, full cone or forwarded: a dial-back reaches it; restricted cone and symmetric: it does
/// not) as initiator against every kind as responder, with the seed's answer on the measured facts: the initiator hosts
/// if it is reachable, else the responder; when neither is, the initiator hosts a hole-punched connection if both are
/// restricted cones, else there is no direct path.
/// </summary>
public static class NatTable
{
    private static readonly NatType[] SeedNatTypes = [NatType.None, NatType.FullCone, NatType.Restricted, NatType.Symmetric];

    public static TheoryData<NatType, bool, NatType, bool, ExpectedHost> Rows()
    {
        var rows = new TheoryData<NatType, bool, NatType, bool, ExpectedHost>();
        foreach (var initiatorNat in SeedNatTypes)
        {
            foreach (var responderNat in SeedNatTypes)
            {
                var initiatorInbound = Support.PresenceMeasurement.IsReachable(initiatorNat);
                var responderInbound = Support.PresenceMeasurement.IsReachable(responderNat);
                var punchable = initiatorNat == NatType.Restricted && responderNat == NatType.Restricted;
                var expected = initiatorInbound || punchable ? ExpectedHost.Initiator
                    : responderInbound ? ExpectedHost.Responder
                    : ExpectedHost.NoConnectionPath;
                rows.Add(initiatorNat, initiatorInbound, responderNat, responderInbound, expected);
            }
        }

        return rows;
    }
}
