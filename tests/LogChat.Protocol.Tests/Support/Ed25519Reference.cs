using System.Globalization;
using System.Numerics;

namespace LogChat.Protocol.Tests.Support;

/// <summary>
/// Ed25519 points written out from RFC 8032 section 5.1 in extended coordinates, independent of libsodium, and the
/// identity key rule of docs/protocol.md section 11 in its own words, to check what the production check accepts.
/// Slow (BigInteger arithmetic); for tests only.
/// </summary>
internal readonly struct Ed25519Reference
{
    public const int EncodedSize = 32;

    private const int Cofactor = 8;

    private static readonly BigInteger P = BigInteger.Pow(2, 255) - 19;

    private static readonly BigInteger D = Mod(-121665 * Inverse(121666));

    private static readonly BigInteger L =
        BigInteger.Pow(2, 252) + BigInteger.Parse("27742317777372353535851937790883648493", CultureInfo.InvariantCulture);

    private static readonly BigInteger SqrtMinusOne = BigInteger.ModPow(2, (P - 1) / 4, P);

    private static readonly Ed25519Reference Identity = new(0, 1, 1, 0);

    private readonly BigInteger _x;
    private readonly BigInteger _y;
    private readonly BigInteger _z;
    private readonly BigInteger _t;

    private Ed25519Reference(BigInteger x, BigInteger y, BigInteger z, BigInteger t)
    {
        _x = x;
        _y = y;
        _z = z;
        _t = t;
    }

    /// <summary>The field prime p = 2^255 - 19.</summary>
    public static BigInteger FieldPrime => P;

    /// <summary>The prime order L of the base point.</summary>
    public static BigInteger GroupOrder => L;

    /// <summary>The base point B of RFC 8032 section 5.1 (y = 4/5, x even).</summary>
    public static Ed25519Reference Base { get; } = Decode(Convert.FromHexString("5866666666666666666666666666666666666666666666666666666666666666"));

    /// <summary>The point (0, -1), of order 2.</summary>
    public static Ed25519Reference OrderTwo { get; } = Decode(Encode(P - 1, xIsOdd: false));

    /// <summary>A point of order 8 (its eighth multiple is the identity, its fourth is not).</summary>
    public static Ed25519Reference OrderEight { get; } = Decode(Convert.FromHexString("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05"));

    /// <summary>The neutral element (0, 1).</summary>
    public static Ed25519Reference Neutral => Identity;

    /// <summary>True when the point's order divides the cofactor 8 (the identity included).</summary>
    public bool HasSmallOrder => Multiply(Cofactor).IsIdentity;

    /// <summary>True when [L]P is the identity.</summary>
    public bool IsInPrimeOrderSubgroup => Multiply(L).IsIdentity;

    /// <summary>True for the neutral element.</summary>
    public bool IsIdentity => Mod(_x).IsZero && Mod(_y - _z).IsZero;

    /// <summary>Decodes a canonical encoding that must be a point.</summary>
    public static Ed25519Reference Decode(ReadOnlySpan<byte> encoded) =>
        TryDecode(encoded, out var point) ? point : throw new ArgumentException("Not an encoded point.", nameof(encoded));

    /// <summary>docs/protocol.md section 11: a canonical encoding of a point of prime order L, not of small order.</summary>
    public static bool IsValidIdentityKey(ReadOnlySpan<byte> encoded) =>
        TryDecode(encoded, out var point) && !point.HasSmallOrder && point.IsInPrimeOrderSubgroup;

    /// <summary>Decodes as RFC 8032 section 5.1.3 does, but strictly: y below p, and no set sign bit with x = 0.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> encoded, out Ed25519Reference point)
    {
        point = Identity;
        if (encoded.Length != EncodedSize)
        {
            return false;
        }

        var yBytes = encoded.ToArray();
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

        point = new Ed25519Reference(x, y, 1, Mod(x * y));
        return true;
    }

    /// <summary>Encodes y (below p) little-endian with the parity of x in the top bit (RFC 8032 section 5.1.2).</summary>
    public static byte[] Encode(BigInteger y, bool xIsOdd)
    {
        var encoded = new byte[EncodedSize];
        y.TryWriteBytes(encoded, out _, isUnsigned: true, isBigEndian: false);
        if (xIsOdd)
        {
            encoded[EncodedSize - 1] |= 0x80;
        }

        return encoded;
    }

    /// <summary>The canonical encoding of this point.</summary>
    public byte[] Encode()
    {
        var zInverse = Inverse(_z);
        return Encode(Mod(_y * zInverse), !Mod(_x * zInverse).IsEven);
    }

    public Ed25519Reference Add(Ed25519Reference other)
    {
        var a = Mod((_y - _x) * (other._y - other._x));
        var b = Mod((_y + _x) * (other._y + other._x));
        var c = Mod(2 * D * _t * other._t);
        var d = Mod(2 * _z * other._z);
        var e = b - a;
        var f = d - c;
        var g = d + c;
        var h = b + a;
        return new Ed25519Reference(Mod(e * f), Mod(g * h), Mod(f * g), Mod(e * h));
    }

    /// <summary>-P.</summary>
    public Ed25519Reference Negate() => new(Mod(-_x), _y, _z, Mod(-_t));

    /// <summary>Whether both are the same point.</summary>
    public bool SameAs(Ed25519Reference other) => Add(other.Negate()).IsIdentity;

    /// <summary>[scalar]P, for a scalar of any size (0 included).</summary>
    public Ed25519Reference Multiply(BigInteger scalar)
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
