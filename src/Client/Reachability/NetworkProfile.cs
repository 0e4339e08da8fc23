using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using LogChat.Client.Coordinator;
using LogChat.Client.Keys;

namespace LogChat.Client.Reachability;

/// <summary>
/// A profile's network settings, in its folder (<see cref="ProfileFolder.NetworkPath"/>, mode 0600): the listener port,
/// chosen once at random among high ports or set with <c>--listen-port</c>, and the latest reachability measurement, so
/// that the next process of the profile listens on the same port and may reuse a fresh measurement. A file that cannot
/// be read counts as empty and is rewritten.
/// </summary>
public sealed partial class NetworkProfile
{
    /// <summary>The range a profile's listen port is drawn from: high ports, above most systems' ephemeral ports.</summary>
    public const int FirstChosenPort = 61000;

    private readonly string _path;

    public NetworkProfile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        _path = path;
    }

    /// <summary>The network settings of <paramref name="profile"/>.</summary>
    public static NetworkProfile Of(ProfileFolder profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return new NetworkProfile(profile.NetworkPath);
    }

    /// <summary>The latest measurement stored, if any.</summary>
    public ReachabilityMeasurement? Measurement => Read().Measurement;

    /// <summary>
    /// The port to listen on: <paramref name="requested"/>, which is kept for later processes, or the port kept, or a
    /// new random high port, which is kept.
    /// </summary>
    public int ListenPort(int? requested)
    {
        var stored = Read();
        if (requested is null && stored.ListenPort is > 0 and <= ushort.MaxValue)
        {
            return stored.ListenPort.Value;
        }

        var port = requested ?? RandomNumberGenerator.GetInt32(FirstChosenPort, ushort.MaxValue + 1);
        Write(stored with { ListenPort = port });
        return port;
    }

    /// <summary>Keeps <paramref name="measurement"/> as the latest.</summary>
    public void Save(ReachabilityMeasurement measurement)
    {
        ArgumentNullException.ThrowIfNull(measurement);
        Write(Read() with { Measurement = measurement });
    }

    private Settings Read()
    {
        try
        {
            return File.Exists(_path) ? JsonSerializer.Deserialize(File.ReadAllBytes(_path), NetworkJson.Default.Settings) ?? new Settings(null, null) : new Settings(null, null);
        }
        catch (Exception ex) when (ex is JsonException or IOException or NotSupportedException)
        {
            return new Settings(null, null);
        }
    }

    private void Write(Settings settings) => PrivateFile.WriteAllBytes(_path, JsonSerializer.SerializeToUtf8Bytes(settings, NetworkJson.Default.Settings));

    private sealed record Settings(int? ListenPort, ReachabilityMeasurement? Measurement);

    // Source-generated, so that the native (AOT) build reads and writes the file without reflection.
    [JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true, RespectNullableAnnotations = true,
        Converters = [typeof(KebabCaseEnumConverter<NatKind>)])]
    [JsonSerializable(typeof(Settings))]
    private sealed partial class NetworkJson : JsonSerializerContext;

    private sealed class KebabCaseEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.KebabCaseLower)
        where TEnum : struct, Enum;
}
