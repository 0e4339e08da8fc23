using System.Runtime.CompilerServices;

// The tests feed fixed ephemeral keys into the handshake to check the published test vectors.
[assembly: InternalsVisibleTo("LogChat.Protocol.Tests")]
