using System.Buffers.Binary;

namespace LogChat.Client.Tests.Coordinator;

/// <summary>The HTTP/2 frame a server sends to shut a connection down gracefully.</summary>
internal static class Http2GoAway
{
    private const byte FrameType = 0x7;
    private const int PayloadLength = 8;
    private const int FrameHeaderLength = 9;

    /// <summary>GOAWAY on stream 0, NO_ERROR: every stream up to the highest id may finish, no new one is taken.</summary>
    public static byte[] Graceful()
    {
        var frame = new byte[FrameHeaderLength + PayloadLength];
        frame[2] = PayloadLength;
        frame[3] = FrameType;
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(FrameHeaderLength), int.MaxValue);
        return frame;
    }
}
