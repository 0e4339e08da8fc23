using System.Numerics;

namespace LogChat.Protocol.Tests.Support;

/// <summary>The X25519 function written out from RFC 7748 section 5, independent of NSec, to check facts about points.</summary>
internal static class X25519Ladder
{
    private static readonly BigInteger P = BigInteger.Pow(2, 255) - 19;
    private static readonly BigInteger A24 = 121665;

    public static byte[] Multiply(byte[] scalar, byte[] u)
    {
        var k = (byte[])scalar.Clone();
        k[0] &= 248;
        k[31] &= 127;
        k[31] |= 64;
        var kk = new BigInteger(k, isUnsigned: true);
        var uBytes = (byte[])u.Clone();
        uBytes[31] &= 127;
        var x1 = new BigInteger(uBytes, isUnsigned: true) % P;

        BigInteger x2 = 1, z2 = 0, x3 = x1, z3 = 1;
        var swap = 0;
        for (var t = 254; t >= 0; t--)
        {
            var bit = (int)((kk >> t) & 1);
            swap ^= bit;
            if (swap == 1)
            {
                (x2, x3) = (x3, x2);
                (z2, z3) = (z3, z2);
            }

            swap = bit;
            var a = Mod(x2 + z2);
            var aa = Mod(a * a);
            var b = Mod(x2 - z2);
            var bb = Mod(b * b);
            var e = Mod(aa - bb);
            var c = Mod(x3 + z3);
            var d = Mod(x3 - z3);
            var da = Mod(d * a);
            var cb = Mod(c * b);
            x3 = Mod((da + cb) * (da + cb));
            z3 = Mod(x1 * Mod((da - cb) * (da - cb)));
            x2 = Mod(aa * bb);
            z2 = Mod(e * (aa + (A24 * e)));
        }

        if (swap == 1)
        {
            (x2, z2) = (x3, z3);
        }

        var result = Mod(x2 * BigInteger.ModPow(z2, P - 2, P)).ToByteArray(isUnsigned: true);
        var output = new byte[32];
        result.CopyTo(output, 0);
        return output;
    }

    private static BigInteger Mod(BigInteger value)
    {
        var reduced = value % P;
        return reduced.Sign < 0 ? reduced + P : reduced;
    }
}
