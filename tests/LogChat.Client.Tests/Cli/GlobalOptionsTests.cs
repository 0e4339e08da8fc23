using System.CommandLine;
using LogChat.Client.Cli;

namespace LogChat.Client.Tests.Cli;

/// <summary>The common options as the command line reads them.</summary>
public sealed class GlobalOptionsTests
{
    [Fact]
    public void By_default_the_client_accepts_peers_on_the_profile_s_port()
    {
        var settings = Read();

        Assert.Equal(new InboundSettings(null, false), settings.Inbound);
    }

    [Fact]
    public void Listen_port_and_no_inbound_are_read()
    {
        Assert.Equal(new InboundSettings(40123, false), Read("--listen-port", "40123").Inbound);
        Assert.Equal(new InboundSettings(null, true), Read("--no-inbound").Inbound);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("65536")]
    public void A_listen_port_outside_1_to_65535_is_refused_with_the_range(string port)
    {
        var refused = Assert.Throws<ArgumentException>(() => Read("--listen-port", port));

        Assert.Contains("between 1 and 65535", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_heartbeat_defaults_are_a_2_s_interval_and_a_10_s_window()
    {
        Assert.Equal((TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10)), (Read().Peer.Heartbeat.Interval, Read().Peer.Heartbeat.Window));
        Assert.Equal(
            (TimeSpan.FromSeconds(0.1), TimeSpan.FromSeconds(6)),
            (Read("--heartbeat-interval", "0.1", "--heartbeat-window", "6").Peer.Heartbeat.Interval, Read("--heartbeat-window", "6").Peer.Heartbeat.Window));
    }

    [Theory]
    [InlineData("--heartbeat-interval", "2.5", "between 0.1 and 2 seconds")]
    [InlineData("--heartbeat-interval", "0.05", "between 0.1 and 2 seconds")]
    [InlineData("--heartbeat-window", "5.9", "between 6 and 3600 seconds")]
    [InlineData("--heartbeat-window", "3601", "between 6 and 3600 seconds")]
    public void Heartbeat_options_outside_the_protocol_s_ranges_are_refused_with_the_range(string option, string value, string range)
    {
        var refused = Assert.Throws<ArgumentException>(() => Read(option, value));

        Assert.Contains(range, refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--nat", "none")]
    [InlineData("--public-address", "203.0.113.7")]
    [InlineData("--listen-port", "many")]
    public void Claims_of_reachability_are_no_options_any_more_and_a_port_must_be_a_number(string option, string value)
    {
        var (parse, _) = Parse(option, value);

        Assert.NotEmpty(parse.Errors);
    }

    [Fact]
    public void Status_is_a_command()
    {
        var parse = LogChatCommandLine.Build().Parse(["status", "--listen-port", "40123"]);

        Assert.Empty(parse.Errors);
        Assert.Equal("status", parse.CommandResult.Command.Name);
    }

    private static ClientSettings Read(params string[] arguments)
    {
        var (parse, options) = Parse(arguments);
        Assert.Empty(parse.Errors);
        return options.Read(parse);
    }

    private static (ParseResult Parse, GlobalOptions Options) Parse(params string[] arguments)
    {
        var options = new GlobalOptions();
        var root = new RootCommand();
        options.AddTo(root);
        return (root.Parse(arguments), options);
    }
}
