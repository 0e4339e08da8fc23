using LogChat.Silo.Schema;
using Xunit;

namespace LogChat.Silo.Tests.Schema;

public sealed class SchemaScriptsTests
{
    [Fact]
    public void Scripts_apply_in_strictly_increasing_version_order_starting_with_the_seed_tables()
    {
        var versions = SchemaScripts.All.Select(script => script.Version).ToArray();

        Assert.Equal("0001_logchat_tables", SchemaScripts.All[0].Name);
        Assert.Equal(versions.Order().Distinct(), versions);
    }

    [Fact]
    public void The_checksum_follows_the_text()
    {
        var script = new SchemaScript(1, "0001_x", "SELECT 1;");

        Assert.Equal(script.Checksum, new SchemaScript(1, "0001_x", "SELECT 1;").Checksum);
        Assert.NotEqual(script.Checksum, (script with { Sql = "SELECT 2;" }).Checksum);
    }
}
