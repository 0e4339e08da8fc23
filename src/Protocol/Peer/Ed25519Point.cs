using System.Numerics;

namespace LogChat.Protocol.Peer;

/// <summary>
/// A point of the Ed25519 curve in extended coordinates (RFC 8032 section 5.1.4), with just the
/// arithmetic needed to validate a public key. Public keys are public, so this code need not run
/// in constant time.
/// </summary>
internal readonly struct Ed25519Point
{
    /// <summary>Size of an encoded point.</summary>
    public const int EncodedSize = 32;

    /// <summary>The curve's cofactor: the order of the curve is 8 L.</summary>
    private const int Cofactor = 8;

    /// <summary>The field prime p = 2^255 - 19.</summary>
    private static readonly BigInteger P = BigInteger.Pow(2, 255) - 19;

    /// <summary>The curve constant d = -121665 / 121666 mod p.</summary>
    private static readonly BigInteger D = Mod(-121665 * Inverse(121666));

    /// <summary>The order of the prime-order subgroup, L = 2^252 + 27742317777372353535851937790883648493.</summary>
    private static readonly BigInteger L =
        BigInteger.Pow(2, 252) + BigInteger.Parse("27742317777372353535851937790883648493", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A square root of -1 mod p: 2^((p-1)/4).</summary>
    private static readonly BigInteger SqrtMinusOne = BigInteger.ModPow(2, (P - 1) / 4, P);

    private static readonly Ed25519Point Identity = new(0, 1, 1, 0);

    private readonly BigInteger _x;
    private readonly BigInteger _y;
    private readonly BigInteger _z;
    private readonly BigInteger _t;

    private Ed25519Point(BigInteger x, BigInteger y, BigInteger z, BigInteger t)
    {
        _x = x;
        _y = y;
        _z = z;
        _t = t;
    }

    /// <summary>True when the point is the neutral element.</summary>
    private bool IsIdentity => Mod(_x).IsZero && Mod(_y - _z).IsZero;

    /// <summary>True when the point's order divides the cofactor 8 (the identity included).</summary>
    public bool HasSmallOrder => Multiply(Cofactor).IsIdentity;

    /// <summary>True when the point lies in the subgroup of prime order L (so has no small-order component).</summary>
    public bool IsInPrimeOrderSubgroup => Multiply(L).IsIdentity;

    /// <summary>
    /// Decodes a point as RFC 8032 section 5.1.3 does, but strictly: y must be below p, and the
    /// sign bit must be clear when x is zero.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<byte> encoded, out Ed25519Point point)
    {
        point = Identity;
        if (encoded.Length != EncodedSize)
        {
            return false;
        }

        Span<byte> yBytes = stackalloc byte[EncodedSize];
        encoded.CopyTo(yBytes);
        var xIsOdd = (yBytes[EncodedSize - 1] & 0x80) != 0;
        yBytes[EncodedSize - 1] &= 0x7f;
        var y = new BigInteger(yBytes, isUnsigned: true, isBigEndian: false);
        if (y >= P)
        {
            return false;
        }

        var ySquared = Mod(y * y);
        var xSquared = Mod((ySquared - 1) * Inverse(Mod((D * ySquared) + 1)));
        var x = BigInteger.ModPow(xSquared, (P + 3) / 8, P);
        if (Mod(x * x) != xSquared)
        {
            x = Mod(x * SqrtMinusOne);
            if (Mod(x * x) != xSquared)
            {
                return false;
            }
        }

        if (x.IsZero && xIsOdd)
        {
            return false;
        }

        if (x.IsEven == xIsOdd)
        {
            x = P - x;
        }

        point = new Ed25519Point(x, y, 1, Mod(x * y));
        return true;
    }

    private Ed25519Point Add(Ed25519Point other)
    {
        var a = Mod((_y - _x) * (other._y - other._x));
        var b = Mod((_y + _x) * (other._y + other._x));
        var c = Mod(2 * D * _t * other._t);
        var d = Mod(2 * _z * other._z);
        var e = b - a;
        var f = d - c;
        var g = d + c;
        var h = b + a;
        return new Ed25519Point(Mod(e * f), Mod(g * h), Mod(f * g), Mod(e * h));
    }

    private Ed25519Point Multiply(BigInteger scalar)
    {
        var result = Identity;
        var addend = this;
        while (!scalar.IsZero)
        {
            if (!scalar.IsEven)
            {
                result = result.Add(addend);
            }

            addend = addend.Add(addend);
            scalar >>= 1;
        }

        return result;
    }

    private static BigInteger Mod(BigInteger value)
    {
        var reduced = value % P;
        return reduced.Sign < 0 ? reduced + P : reduced;
    }

    private static BigInteger Inverse(BigInteger value) => BigInteger.ModPow(value, P - 2, P);
}
