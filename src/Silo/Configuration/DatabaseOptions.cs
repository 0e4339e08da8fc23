namespace LogChat.Silo.Configuration;

/// <summary>The LogChat database (section <c>LogChat:Database</c>).</summary>
public sealed class DatabaseOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "LogChat:Database";

    /// <summary>Npgsql connection string of the LogChat database; required.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>Whether a silo applies pending schema scripts before it starts (default true).</summary>
    public bool MigrateOnStart { get; set; } = true;
}
