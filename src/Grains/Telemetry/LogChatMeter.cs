namespace LogChat.Grains.Telemetry;

/// <summary>The name of the meter every LogChat instrument belongs to (export it with OpenTelemetry's AddMeter).</summary>
public static class LogChatMeter
{
    public const string Name = "LogChat";
}
