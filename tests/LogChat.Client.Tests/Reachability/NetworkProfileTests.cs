using LogChat.Client.Coordinator;
using LogChat.Client.Reachability;
using LogChat.Client.Tests.Keys;

namespace LogChat.Client.Tests.Reachability;

/// <summary>The profile's listen port and kept measurement, as later processes of the profile find them.</summary>
public sealed class NetworkProfileTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    private string FilePath => Path.Combine(_folder.Path, "network.json");

    [Fact]
    public void The_listen_port_is_chosen_once_among_high_ports_and_kept()
    {
        var chosen = new NetworkProfile(FilePath).ListenPort(null);

        Assert.InRange(chosen, NetworkProfile.FirstChosenPort, ushort.MaxValue);
        Assert.Equal(chosen, new NetworkProfile(FilePath).ListenPort(null));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(FilePath));
        }
    }

    [Fact]
    public void A_requested_port_is_used_and_kept_for_later_runs()
    {
        var profile = new NetworkProfile(FilePath);
        profile.ListenPort(null);

        Assert.Equal(4242, profile.ListenPort(4242));
        Assert.Equal(4242, new NetworkProfile(FilePath).ListenPort(null));
    }

    [Fact]
    public void The_kept_measurement_reads_back_as_it_was_and_leaves_the_port_alone()
    {
        var profile = new NetworkProfile(FilePath);
        var port = profile.ListenPort(null);
        var measurement = new ReachabilityMeasurement(
            "203.0.113.7", 40001, port, false, NatKind.Symmetric, "port could not be reached", [40001, 40002], DateTimeOffset.UnixEpoch.AddDays(20000));

        profile.Save(measurement);
        var read = new NetworkProfile(FilePath).Measurement;

        Assert.NotNull(read);
        Assert.Equal(measurement with { MappedPorts = read.MappedPorts }, read);
        Assert.Equal([40001, 40002], read.MappedPorts);
        Assert.Equal(port, new NetworkProfile(FilePath).ListenPort(null));
    }

    [Fact]
    public void A_damaged_file_counts_as_empty_and_is_rewritten()
    {
        File.WriteAllText(FilePath, "{\"listenPort\": \"many\", \"measurement\": {\"observedAddress\": null}");
        var profile = new NetworkProfile(FilePath);

        Assert.Null(profile.Measurement);
        var port = profile.ListenPort(null);
        Assert.Equal(port, new NetworkProfile(FilePath).ListenPort(null));
    }

    public void Dispose() => _folder.Dispose();
}
