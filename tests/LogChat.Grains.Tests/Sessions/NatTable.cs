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
/// Every row of the seed's NAT table (None, FullCone, Restricted, Symmetric, each saying it can or cannot accept
/// inbound connections) for the initiator against every row for the responder, with the seed's answer: the
/// initiator hosts if it can accept inbound, else the responder, else there is no connection path.
/// </summary>
public static class NatTable
{
    private static readonly NatType[] SeedNatTypes = [NatType.None, NatType.FullCone, NatType.Restricted, NatType.Symmetric];

    public static TheoryData<NatType, bool, NatType, bool, ExpectedHost> Rows()
    {
        var rows = new TheoryData<NatType, bool, NatType, bool, ExpectedHost>();
        foreach (var initiatorNat in SeedNatTypes)
        {
            foreach (var initiatorInbound in new[] { true, false })
            {
                foreach (var responderNat in SeedNatTypes)
                {
                    foreach (var responderInbound in new[] { true, false })
                    {
                        var expected = initiatorInbound ? ExpectedHost.Initiator
                            : responderInbound ? ExpectedHost.Responder
                            : ExpectedHost.NoConnectionPath;
                        rows.Add(initiatorNat, initiatorInbound, responderNat, responderInbound, expected);
                    }
                }
            }
        }

        return rows;
    }
}
