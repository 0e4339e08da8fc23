using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using Google.Protobuf;
using LogChat.Protocol.Peer.V1;

namespace LogChat.Protocol.Peer;

/// <summary>
/// The established end-to-end channel with one peer: seals outgoing payloads and opens incoming
/// frames, each direction with its own AES-256-GCM key and strictly increasing frame counter
/// (docs/protocol.md, "Frames"). There is no nonce for a caller to get wrong. Frames must be sent
/// in the order <see cref="Seal(PeerPayload)"/> returned them. Dispose zeroes every key.
/// </summary>
public sealed class SecureChannel : IDisposable
{
    /// <summary>The longest chat text, in UTF-8 bytes, that always fits in one frame.</summary>
    public const int MaxChatTextBytes = 64 * 1024;

    /// <summary>Room for the protobuf framing of a payload around its content.</summary>
    public const int PayloadOverheadBytes = 256;

    /// <summary>The largest serialized <see cref="PeerPayload"/> a frame may carry.</summary>
    public const int MaxPlaintextBytes = MaxChatTextBytes + PayloadOverheadBytes;

    /// <summary>Size of the AES-256-GCM authentication tag at the end of every ciphertext.</summary>
    public const int TagSize = 16;

    /// <summary>The largest <see cref="SealedFrame.Ciphertext"/>; anything longer is refused before decrypting.</summary>
    public const int MaxCiphertextBytes = MaxPlaintextBytes + TagSize;

    /// <summary>
    /// The largest serialized <see cref="SealedFrame"/>: the counter's tag and its longest varint (10 bytes, for counters
    /// from 2^63 on), then the ciphertext's tag, its length as a varint (3 bytes for up to 2^21 - 1) and the ciphertext.
    /// </summary>
    public const int MaxSealedFrameBytes = 1 + 10 + 1 + 3 + MaxCiphertextBytes;

    /// <summary>
    /// The largest serialized <see cref="PeerMessage"/> a peer ever sends (65827 bytes): the frame's tag, its length as a
    /// 3-byte varint and the largest frame. Handshake messages are far smaller; a transport may refuse anything longer.
    /// </summary>
    public const int MaxPeerMessageBytes = 1 + 3 + MaxSealedFrameBytes;

    /// <summary>
    /// Frames per direction sealed under one key before the ratchet derives the next. At most
    /// 2^20 frames of at most 2^16 + 272 bytes is about 2^32 AES blocks per key, well inside the
    /// RFC 8446 section 5.5 limit of 2^24.5 records of 2^14 bytes (about 2^34.5 blocks).
    /// </summary>
    public const ulong FramesPerKey = 1UL << 20;

    /// <summary>Frames per direction in one session: counters run from 0 to this minus one.</summary>
    public const ulong MaxFramesPerDirection = ulong.MaxValue;

    /// <summary>Size of the AES-GCM nonce: 4 zero bytes, then the counter as 8 bytes big-endian.</summary>
    public const int NonceSize = 12;

    private const int NonceCounterOffset = NonceSize - sizeof(ulong);

    private readonly Lock _gate = new();
    private readonly byte[] _transcriptHash;
    private readonly TrafficKeyRatchet _sending;
    private readonly TrafficKeyRatchet _receiving;
    private ulong _nextSendCounter;
    private ulong _nextReceiveCounter;
    private SecureChannelState _state = SecureChannelState.Open;

    /// <summary>Takes ownership of both generation-0 chain secrets of <paramref name="keys"/>.</summary>
    internal SecureChannel(PeerRole localRole, SessionKeys keys, byte[] transcriptHash, ulong framesPerKey = FramesPerKey)
    {
        var remoteRole = localRole == PeerRole.Dialer ? PeerRole.Host : PeerRole.Dialer;
        _transcriptHash = (byte[])transcriptHash.Clone();
        _sending = new TrafficKeyRatchet(keys.ChainFrom(localRole), framesPerKey);
        _receiving = new TrafficKeyRatchet(keys.ChainFrom(remoteRole), framesPerKey);
        keys.DisposeConfirmationKeys();
    }

    /// <summary>SHA-256 of the whole handshake transcript; equal on both sides of a channel.</summary>
    public byte[] TranscriptHash => (byte[])_transcriptHash.Clone();

    /// <summary>Seals <paramref name="payload"/> as the next outgoing frame.</summary>
    /// <exception cref="ProtocolViolationException">The payload is larger than <see cref="MaxPlaintextBytes"/>.</exception>
    /// <exception cref="InvalidOperationException">The channel has failed or sealed its last frame.</exception>
    /// <exception cref="ObjectDisposedException">The channel is disposed.</exception>
    public SealedFrame Seal(PeerPayload payload)
    {
        var ciphertext = new byte[SealedSize(payload)];
        var length = Seal(payload, ciphertext, out var counter);
        return new SealedFrame { Counter = counter, Ciphertext = UnsafeByteOperations.UnsafeWrap(ciphertext.AsMemory(0, length)) };
    }

    /// <summary>The bytes <paramref name="payload"/> takes once sealed: its serialized size and the tag.</summary>
    /// <exception cref="ProtocolViolationException">The payload is larger than <see cref="MaxPlaintextBytes"/>.</exception>
    public static int SealedSize(PeerPayload payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var size = payload.CalculateSize();
        if (size > MaxPlaintextBytes)
        {
            throw new ProtocolViolationException($"A payload of {size} bytes is larger than the {MaxPlaintextBytes}-byte limit of a frame.");
        }

        return size + TagSize;
    }

    /// <summary>
    /// Seals <paramref name="payload"/> as the next outgoing frame into <paramref name="ciphertext"/>, which must hold
    /// <see cref="SealedSize"/> bytes; returns the bytes written and gives the frame's <paramref name="counter"/>.
    /// Allocates nothing: the payload is serialized into <paramref name="ciphertext"/> and encrypted where it lies, so no
    /// other buffer ever holds the plaintext; if sealing fails, the plaintext written there is zeroed.
    /// </summary>
    /// <exception cref="ProtocolViolationException">The payload is larger than <see cref="MaxPlaintextBytes"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="ciphertext"/> is too short.</exception>
    /// <exception cref="InvalidOperationException">The channel has failed or sealed its last frame.</exception>
    /// <exception cref="ObjectDisposedException">The channel is disposed.</exception>
    public int Seal(PeerPayload payload, Span<byte> ciphertext, out ulong counter)
    {
        var sealedSize = SealedSize(payload);
        if (ciphertext.Length < sealedSize)
        {
            throw new ArgumentException($"A frame of this payload needs {sealedSize} bytes.", nameof(ciphertext));
        }

        var frame = ciphertext[..sealedSize];
        var plaintext = frame[..^TagSize];
        var encrypted = false;
        try
        {
            payload.WriteTo(plaintext);
            Span<byte> nonce = stackalloc byte[NonceSize];
            lock (_gate)
            {
                ThrowIfNotOpen(InvalidOperation);
                if (_nextSendCounter == MaxFramesPerDirection)
                {
                    throw new InvalidOperationException("The channel has sealed its last frame; start a new session.");
                }

                counter = _nextSendCounter;
                WriteNonce(counter, nonce);
                SessionKeySchedule.FrameCipher.Encrypt(_sending.KeyFor(counter), nonce, [], plaintext, frame);
                encrypted = true;
                _nextSendCounter++;
                return sealedSize;
            }
        }
        finally
        {
            if (!encrypted)
            {
                CryptographicOperations.ZeroMemory(plaintext);
            }
        }
    }

    /// <summary>
    /// Opens the next incoming frame. Any failure is final: the channel destroys its keys and
    /// refuses every later call.
    /// </summary>
    /// <exception cref="ProtocolViolationException">The frame is oversized, replayed, out of order, forged or malformed, or the channel failed before.</exception>
    /// <exception cref="ObjectDisposedException">The channel is disposed.</exception>
    public PeerPayload Open(SealedFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var ciphertext = frame.Ciphertext.Span;
        var rented = ArrayPool<byte>.Shared.Rent(Math.Clamp(ciphertext.Length - TagSize, 0, MaxPlaintextBytes));
        var length = 0;
        try
        {
            length = Open(frame.Counter, ciphertext, rented);
            return Parse(rented.AsSpan(0, length));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(rented.AsSpan(0, length));
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// Opens the next incoming frame, number <paramref name="counter"/>, into <paramref name="plaintext"/> (at least the
    /// ciphertext's length less the tag); returns the plaintext's length. Allocates nothing but the exception of a
    /// failure, which is final as with <see cref="Open(SealedFrame)"/>. The caller zeroes <paramref name="plaintext"/>
    /// when done with it.
    /// </summary>
    /// <exception cref="ProtocolViolationException">The frame is oversized, replayed, out of order or forged, or the channel failed before.</exception>
    /// <exception cref="ArgumentException"><paramref name="plaintext"/> is too short.</exception>
    /// <exception cref="ObjectDisposedException">The channel is disposed.</exception>
    public int Open(ulong counter, ReadOnlySpan<byte> ciphertext, Span<byte> plaintext)
    {
        Span<byte> nonce = stackalloc byte[NonceSize];
        lock (_gate)
        {
            ThrowIfNotOpen(message => new ProtocolViolationException(message));
            if (ciphertext.Length > MaxCiphertextBytes)
            {
                throw Fail($"A frame of {ciphertext.Length} bytes is larger than the {MaxCiphertextBytes}-byte limit.");
            }

            if (ciphertext.Length < TagSize)
            {
                throw Fail("A frame is too short to carry an authentication tag.");
            }

            if (plaintext.Length < ciphertext.Length - TagSize)
            {
                throw new ArgumentException($"This frame needs {ciphertext.Length - TagSize} bytes of plaintext.", nameof(plaintext));
            }

            if (_nextReceiveCounter == MaxFramesPerDirection)
            {
                throw Fail("The peer sent more frames than one session allows.");
            }

            if (counter != _nextReceiveCounter)
            {
                throw Fail(counter < _nextReceiveCounter
                    ? $"Frame {counter} was replayed (frame {_nextReceiveCounter} was expected)."
                    : $"Frame {counter} arrived out of order (frame {_nextReceiveCounter} was expected).");
            }

            var length = ciphertext.Length - TagSize;
            WriteNonce(counter, nonce);
            if (!SessionKeySchedule.FrameCipher.Decrypt(_receiving.KeyFor(counter), nonce, [], ciphertext, plaintext[..length]))
            {
                throw Fail($"Frame {counter} failed authentication: it was forged or corrupted.");
            }

            _nextReceiveCounter++;
            return length;
        }
    }

    /// <summary>Zeroes every key.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_state != SecureChannelState.Disposed)
            {
                DestroyKeys();
                _state = SecureChannelState.Disposed;
            }
        }
    }

    /// <summary>The nonce of frame <paramref name="counter"/>: 4 zero bytes || counter (big-endian).</summary>
    internal static byte[] Nonce(ulong counter)
    {
        var nonce = new byte[NonceSize];
        WriteNonce(counter, nonce);
        return nonce;
    }

    private static void WriteNonce(ulong counter, Span<byte> nonce)
    {
        nonce[..NonceCounterOffset].Clear();
        BinaryPrimitives.WriteUInt64BigEndian(nonce[NonceCounterOffset..], counter);
    }

    private static InvalidOperationException InvalidOperation(string message) => new(message);

    private PeerPayload Parse(ReadOnlySpan<byte> plaintext)
    {
        try
        {
            return PeerPayload.Parser.ParseFrom(plaintext);
        }
        catch (InvalidProtocolBufferException)
        {
            lock (_gate)
            {
                throw Fail("A frame decrypted to a malformed payload.");
            }
        }
    }

    private void ThrowIfNotOpen(Func<string, Exception> failure)
    {
        ObjectDisposedException.ThrowIf(_state == SecureChannelState.Disposed, this);
        if (_state == SecureChannelState.Failed)
        {
            throw failure("The secure channel has already failed and refuses every frame.");
        }
    }

    private ProtocolViolationException Fail(string message)
    {
        DestroyKeys();
        _state = SecureChannelState.Failed;
        return new ProtocolViolationException(message);
    }

    private void DestroyKeys()
    {
        _sending.Dispose();
        _receiving.Dispose();
    }
}
