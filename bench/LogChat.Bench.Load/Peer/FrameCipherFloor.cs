using System.Buffers.Binary;
using System.Diagnostics;
using Google.Protobuf;
using LogChat.Protocol.Peer.V1;
using NSec.Cryptography;

namespace LogChat.Bench.Load.Peer;

/// <summary>
/// The end-to-end work LogChat adds to a TLS-only stream for each message, timed alone: one encryption and one
/// decryption of the serialized payload with the frames' cipher (AES-256-GCM, docs/protocol.md, "Frames"),
/// warm, on one thread. Everything else a LogChat message costs has a counterpart in the TLS-only stream, so a run
/// whose LogChat spends only this beyond TLS only reaches TLS-only CPU / (TLS-only CPU + this) of its rate when the
/// machine is CPU-bound.
/// </summary>
public static class FrameCipherFloor
{
    private const int Batches = 21;
    private const int SealsPerBatch = 200;

    /// <summary>Microseconds to encrypt and then decrypt one frame of <paramref name="text"/>: the median over batches.</summary>
    public static double MeasureMicroseconds(string text)
    {
        var cipher = AeadAlgorithm.Aes256Gcm;
        using var key = Key.Create(cipher);
        var payload = new PeerPayload { Text = new ChatText { Text = text } };
        var plaintext = new byte[payload.CalculateSize()];
        payload.WriteTo(plaintext);
        var ciphertext = new byte[plaintext.Length + cipher.TagSize];
        var nonce = new byte[cipher.NonceSize];
        ulong counter = 0;

        void SealThenOpen()
        {
            BinaryPrimitives.WriteUInt64BigEndian(nonce.AsSpan(nonce.Length - sizeof(ulong)), counter++);
            cipher.Encrypt(key, nonce, [], plaintext, ciphertext);
            if (!cipher.Decrypt(key, nonce, [], ciphertext, plaintext))
            {
                throw new InvalidOperationException("A frame sealed here failed to open.");
            }
        }

        for (var i = 0; i < SealsPerBatch; i++)
        {
            SealThenOpen();
        }

        var batches = new List<double>(Batches);
        for (var batch = 0; batch < Batches; batch++)
        {
            var start = Stopwatch.GetTimestamp();
            for (var i = 0; i < SealsPerBatch; i++)
            {
                SealThenOpen();
            }

            batches.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds / SealsPerBatch);
        }

        return batches.Order().ElementAt(Batches / 2);
    }
}
