using System.Globalization;

namespace LogChat.Protocol.Versions;

/// <summary>
/// The version a client states on every coordinator call, as gRPC metadata (docs/protocol.md, "Versions"):
/// <c>logchat-client: logchat/MAJOR.MINOR.PATCH</c> and <c>logchat-protocol: N</c>, both or neither, each once. A
/// refusal of a version the coordinator no longer serves is <c>FAILED_PRECONDITION</c> with the trailer
/// <c>logchat-minimum-client: MAJOR.MINOR.PATCH</c>.
/// </summary>
public static class VersionHeaders
{
    /// <summary>The client's program and release: <c>logchat/0.1.0</c>.</summary>
    public const string Client = "logchat-client";

    /// <summary>The coordinator protocol the client speaks (<see cref="CoordinatorProtocol.Version"/>), in decimal.</summary>
    public const string Protocol = "logchat-protocol";

    /// <summary>The trailer of a version refusal: the oldest <c>logchat</c> release the coordinator serves.</summary>
    public const string MinimumClientTrailer = "logchat-minimum-client";

    private const string Product = "logchat/";

    /// <summary>
    /// What a call without the headers counts as: the clients from before the headers, which are all logchat 0.1.0 and
    /// speak coordinator protocol 2 (protocol 1 clients can no longer log in at all).
    /// </summary>
    public static StatedVersion Unstated { get; } = new(new ClientVersion(0, 1, 0), 2);

    /// <summary>The <see cref="Client"/> header's value for <paramref name="version"/>.</summary>
    public static string ClientValue(ClientVersion version) => Product + version;

    /// <summary>The <see cref="Protocol"/> header's value for <paramref name="protocol"/>.</summary>
    public static string ProtocolValue(int protocol) => protocol.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The version stated by <paramref name="client"/> and <paramref name="protocol"/>, the values of each header (null
    /// when a header is absent): <see cref="Unstated"/> when both are absent, null when they are malformed, when only one
    /// is present or when a protocol is outside 1-999.
    /// </summary>
    public static StatedVersion? Read(IReadOnlyList<string?> client, IReadOnlyList<string?> protocol)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(protocol);
        if (client.Count == 0 && protocol.Count == 0)
        {
            return Unstated;
        }

        if (client is not [{ } clientValue] || protocol is not [{ } protocolValue] || !clientValue.StartsWith(Product, StringComparison.Ordinal))
        {
            return null;
        }

        return ClientVersion.TryParse(clientValue[Product.Length..]) is { } release
            && ClientVersion.Part(protocolValue) is { } number and >= 1 and <= 999
            ? new StatedVersion(release, number)
            : null;
    }
}
